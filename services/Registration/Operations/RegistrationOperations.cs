using Conference.Messaging;

namespace Conference.Registration.Operations;

/// <summary>
/// What ops staff see and do for Registration: its metrics (<see cref="RegistrationMetrics"/>, fed by
/// <see cref="RegistrationOutcomeFilter"/> and <see cref="SeatsMonitor"/>) and the ops action
/// <c>POST /ops/outbox/relay</c> (ops key required; docs: operations.md).
/// </summary>
internal static class RegistrationOperations
{
    public static IHostApplicationBuilder AddRegistrationOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RegistrationMetrics>();
        builder.Services.AddHostedService<SeatsMonitor>();
        return builder;
    }

    public static WebApplication MapRegistrationOperations(this WebApplication app)
    {
        app.MapOps().MapOutboxRelay();
        return app;
    }
}

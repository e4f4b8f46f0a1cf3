using Conference.Messaging;
using Conference.Registration.Data;
using Conference.Registration.Idempotency;
using Conference.Registration.Operations;
using Conference.Registration.Organisers;
using Conference.Registration.Registrations;
using Conference.Registration.Seats;
using Conference.Registration.Sessions;

namespace Conference.Registration;

/// <summary>Composition of the Registration service: database, bus and consumers, Catalog client, endpoints.</summary>
internal static class RegistrationModule
{
    /// <summary>
    /// Database <c>registrationdb</c>, messaging (<c>messaging</c>) with the session consumers, the
    /// Catalog client (<c>Services:Catalog</c>, default <c>http://catalog</c> by service discovery).
    /// </summary>
    public static IHostApplicationBuilder AddRegistration(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<RegistrationDbContext>("registrationdb");
        builder.AddMessaging<RegistrationDbContext>(x =>
        {
            x.AddConsumer<SessionPublishedSeatsConsumer>();
            x.AddConsumer<SessionUpdatedSeatsConsumer>();
            x.AddConsumer<SessionRescheduledSeatsConsumer>();
            x.AddConsumer<SessionCancelledSeatsConsumer>();
        });
        var catalog = builder.Configuration["Services:Catalog"];
        builder.Services.AddHttpClient<CatalogClient>(c => c.BaseAddress = new Uri(string.IsNullOrWhiteSpace(catalog) ? "http://catalog" : catalog));
        builder.Services.AddScoped<SessionCopies>();
        builder.Services.AddSingleton<SeatGroupCommit>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SeatGroupCommit>());
        builder.Services.AddHostedService<IdempotencyPurge>();
        builder.AddRegistrationOperations();
        builder.Services.AddOpenApi();
        return builder;
    }

    /// <summary>The public and partner endpoints (paths of the public API contract, version 1).</summary>
    public static WebApplication MapRegistrationApi(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi();

        // The gateway's own pages use it; it is not routed publicly, so partners' OpenAPI document leaves it out.
        app.MapGet("/api/v1/availability", AvailabilityEndpoint.GetMany).WithTags("Seats")
            .WithName("GetAvailabilities").WithSummary("Seats of several sessions at once (up to 200; sessions=id,id,...)")
            .ExcludeFromDescription();
        var sessions = app.MapGroup("/api/v1/sessions/{id:guid}").WithTags("Seats");
        sessions.MapGet("/availability", AvailabilityEndpoint.Get)
            .WithName("GetAvailability").WithSummary("Seats of a session: capacity, confirmed, waitlisted, remaining (0 once cancelled or started)");
        sessions.MapPost("/registrations", RegisterEndpoint.Register).AddEndpointFilter<RegistrationOutcomeFilter>()
            .WithName("Register").WithSummary("Register an attendee: confirmed while seats remain, else waitlisted");
        sessions.MapPut("/capacity", CapacityEndpoint.Put).RequireAuthorization(PartnerAuthentication.PartnerPolicy)
            .WithName("SetCapacity").WithSummary("Organiser: change the seats of a published session (1 to 1000000, not below the confirmed seats; else 422)");
        sessions.MapGet("/registrations", OrganiserEndpoints.List).RequireAuthorization(PartnerAuthentication.PartnerPolicy)
            .WithName("ListRegistrations").WithSummary("Organiser: the registrations of a session (JSON or text/csv)");
        sessions.MapDelete("/registrations/{registrationId:guid}", OrganiserEndpoints.Remove).RequireAuthorization(PartnerAuthentication.PartnerPolicy)
            .WithName("RemoveRegistration").WithSummary("Organiser: remove an attendee; the seat goes to the first on the waiting list");

        var registrations = app.MapGroup("/api/v1/registrations").WithTags("Registrations");
        registrations.MapGet("/{id:guid}", ManageEndpoints.Get)
            .WithName("GetRegistration").WithSummary("Attendee: the registration (header X-Registration-Token)");
        registrations.MapDelete("/{id:guid}", ManageEndpoints.Cancel)
            .WithName("CancelRegistration").WithSummary("Attendee: cancel; the seat goes to the first on the waiting list");
        app.MapRegistrationOperations();
        return app;
    }
}

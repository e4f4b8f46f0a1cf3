using System.Security.Claims;
using System.Text.Encodings.Web;
using Conference.Contracts;
using Conference.Notification.Data;
using Conference.Notification.Delivery;
using Conference.Notification.Reminders;
using Conference.Tests.Infrastructure;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using netDumbster.smtp;

namespace Conference.Notification.Tests;

/// <summary>
/// The Notification service in-process on a real PostgreSQL database (the class's fixture) and a real
/// SMTP server (netDumbster), with MassTransit's in-memory test harness instead of RabbitMQ (so tests
/// never take messages from a shared broker), a fake clock, and a test authentication scheme that
/// turns the header <c>X-Test-Organiser: OIT</c> into the claim "organiser".
/// </summary>
internal sealed class NotificationHost : IAsyncDisposable
{
    public static readonly DateTimeOffset Now = new(2021, 5, 20, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplicationFactory<Program> _factory;
    private readonly ConsumeWatcher _consumes = new();

    private NotificationHost(PostgresDatabase database, SimpleSmtpServer smtp, FakeTimeProvider time, TimeSpan? senderPoll, int? mailPort)
    {
        Smtp = smtp;
        Time = time;
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:notificationdb", database.ConnectionString);
            web.UseSetting("ConnectionStrings:messaging", database.RabbitMq);
            web.UseSetting("ConnectionStrings:mail", $"Endpoint=smtp://127.0.0.1:{mailPort ?? smtp.Configuration.Port}");
            web.UseSetting("Gateway:PublicUrl", "https://forum.example");
            if (senderPoll is { } poll)
            {
                web.UseSetting("Mail:SenderPoll", poll.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
                // netDumbster serves one SMTP session at a time, and each loop keeps its session open.
                web.UseSetting("Mail:SenderLoops", "1");
            }
            web.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            web.ConfigureTestServices(services =>
            {
                services.AddSingleton<TimeProvider>(time);
                // Tests drive the sender and the reminder schedule themselves, step by step (unless they
                // ask for the sender's own loops, with their poll).
                services.RemoveAll<IHostedService>(senderPoll is null ? [typeof(MailSendingWorker), typeof(ReminderWorker)] : [typeof(ReminderWorker)]);
                services.AddMassTransitTestHarness(x => x.SetTestTimeouts(testInactivityTimeout: TimeSpan.FromSeconds(10)));
                services.AddAuthentication(o =>
                {
                    o.DefaultAuthenticateScheme = TestAuthHandler.Name;
                    o.DefaultChallengeScheme = TestAuthHandler.Name;
                    o.DefaultScheme = TestAuthHandler.Name;
                }).AddScheme<AuthenticationSchemeOptions, TestAuthHandler>(TestAuthHandler.Name, null);
            });
        });
    }

    public SimpleSmtpServer Smtp { get; }

    public FakeTimeProvider Time { get; }

    public IServiceProvider Services => _factory.Services;

    public ITestHarness Harness => _factory.Services.GetTestHarness();

    /// <summary>
    /// Migrates the class's database (the test host does not run Program's migration step) and starts the
    /// service; with <paramref name="senderPoll"/>, its own sender loops run too, polling at that interval;
    /// with <paramref name="mailPort"/>, mail goes to that port on 127.0.0.1 instead of <paramref name="smtp"/>.
    /// </summary>
    public static async Task<NotificationHost> StartAsync(PostgresDatabase database, SimpleSmtpServer? smtp = null, TimeSpan? senderPoll = null, int? mailPort = null)
    {
        var options = new DbContextOptionsBuilder<NotificationDbContext>().UseNpgsql(database.ConnectionString).Options;
        await using (var db = new NotificationDbContext(options))
        {
            await db.Database.MigrateAsync();
        }
        var host = new NotificationHost(database, smtp ?? SimpleSmtpServer.Start(), new FakeTimeProvider(Now), senderPoll, mailPort);
        _ = host._factory.Server;
        host.Harness.Bus.ConnectConsumeObserver(host._consumes);
        return host;
    }

    public HttpClient CreateClient() => _factory.CreateClient();

    /// <summary>Publishes <paramref name="message"/> with the given message id and waits until it was consumed; returns the consume error, if any.</summary>
    public async Task<Exception?> DeliverAsync<T>(T message, Guid? messageId = null) where T : class, IIntegrationEvent
    {
        var id = messageId ?? message.EventId;
        var done = _consumes.Expect(id);
        await Harness.Bus.Publish(message, ctx => ctx.MessageId = id);
        return await done.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Runs the sender once over what is due now (at most <paramref name="limit"/> messages).</summary>
    public Task<int> SendMailAsync(int limit = int.MaxValue) =>
        Services.GetRequiredService<MailSender>().SendDueAsync(CancellationToken.None, limit);

    /// <summary>Runs the reminder dispatcher once over what is due now.</summary>
    public Task<int> DispatchRemindersAsync() =>
        Services.GetRequiredService<ReminderDispatcher>().DispatchDueAsync(CancellationToken.None);

    /// <summary>A fresh DbContext on the service's database.</summary>
    public AsyncServiceScope Scope(out NotificationDbContext db)
    {
        var scope = Services.CreateAsyncScope();
        db = scope.ServiceProvider.GetRequiredService<NotificationDbContext>();
        return scope;
    }

    /// <summary>
    /// The emails the SMTP server received for <paramref name="address"/>, parsed with MimeKit, in the
    /// order they were written (the server's own list has no defined order): the Message-ID names the row.
    /// </summary>
    public IReadOnlyList<MimeMessage> MailTo(string address)
    {
        var mails = Smtp.ReceivedEmail
            .Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data))))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        using var scope = Scope(out var db);
        var serials = db.OutgoingMessages.AsNoTracking().Where(m => m.Recipient == address).ToDictionary(m => $"{m.Id:N}@conference", m => m.Serial);
        return mails.OrderBy(m => m.MessageId is { } id && serials.TryGetValue(id, out var serial) ? serial : long.MaxValue).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
    }
}

internal static class ServiceCollectionTestExtensions
{
    public static void RemoveAll<TService>(this IServiceCollection services, params Type[] implementations)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(TService) && implementations.Contains(d.ImplementationType)).ToList())
        {
            services.Remove(descriptor);
        }
    }
}

/// <summary>Test seam: <c>X-Test-Organiser: OIT</c> authenticates as partner OIT; no header, no identity.</summary>
internal sealed class TestAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Name = "Test";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue("X-Test-Organiser", out var organiser) || string.IsNullOrWhiteSpace(organiser))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }
        var identity = new ClaimsIdentity(TestPartner.Claims(organiser.ToString()), Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
    }
}

/// <summary>Completes a waiter when a message id has been consumed (or has faulted), redeliveries included.</summary>
internal sealed class ConsumeWatcher : IConsumeObserver
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, TaskCompletionSource<Exception?>> _waiters = new();

    public Task<Exception?> Expect(Guid messageId)
    {
        var waiter = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters[messageId] = waiter;
        return waiter.Task;
    }

    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class => Complete(context.MessageId, null);

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class => Complete(context.MessageId, exception);

    private Task Complete(Guid? messageId, Exception? error)
    {
        if (messageId is { } id && _waiters.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult(error);
        }
        return Task.CompletedTask;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Conference.Contracts;
using Conference.Messaging.Outbox;
using Conference.Registration.Idempotency;
using Conference.Registration.Registrations;
using Conference.Registration.Seats;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conference.Registration.Tests;

/// <summary>
/// An <c>Idempotency-Key</c> is bound to the request it first came with (IETF draft "The
/// Idempotency-Key HTTP Header Field", §2.6/§2.7): the same request gets the first answer again; the
/// same key with other details gets a 422 naming the header, registers nothing and reveals nothing.
/// </summary>
public sealed class IdempotencyTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Fact]
    public async Task A_key_with_a_control_character_is_refused_without_the_gateway_and_registers_nothing()
    {
        var session = await app.OpenSessionAsync(capacity: 3);

        var response = await app.RegisterAsync(session, "tab@example.org", idempotencyKey: "key\tone");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["The Idempotency-Key header must be 1 to 200 printable ASCII characters."],
            errors.GetProperty("Idempotency-Key").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(0, (await app.SeatsAsync(session))!.Confirmed);
    }

    [Fact]
    public async Task Reusing_a_key_with_another_attendee_is_refused_and_reveals_nothing_of_the_first()
    {
        var session = await app.OpenSessionAsync(capacity: 3);

        var alice = await app.RegisterAsync(session, "alice@example.org", name: "Alice", idempotencyKey: "k1");
        var aliceBody = await alice.Content.ReadAsStringAsync();
        var aliceAnswer = JsonDocument.Parse(aliceBody).RootElement;
        var mallory = await app.RegisterAsync(session, "mallory@example.org", name: "Mallory", idempotencyKey: "k1");
        var malloryBody = await mallory.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, alice.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, mallory.StatusCode);
        Assert.Equal("application/problem+json", mallory.Content.Headers.ContentType!.MediaType);
        var errors = JsonDocument.Parse(malloryBody).RootElement.GetProperty("errors");
        Assert.Equal(["Idempotency-Key"], errors.EnumerateObject().Select(p => p.Name));
        Assert.Contains("already used for a different request", errors.GetProperty("Idempotency-Key")[0].GetString());
        Assert.DoesNotContain(aliceAnswer.GetProperty("id").GetString()!, malloryBody);
        Assert.DoesNotContain(aliceAnswer.GetProperty("manageToken").GetString()!, malloryBody);
        Assert.Null(mallory.Headers.Location);

        var stored = await app.WithDbAsync(db => db.Registrations.AsNoTracking().Where(r => r.SessionId == session).ToListAsync());
        Assert.Equal(["alice@example.org"], stored.Select(r => r.Email));
        var seats = await app.SeatsAsync(session);
        Assert.Equal((1, 0), (seats!.Confirmed, seats.Waitlisted));
        Assert.Single(await app.WithDbAsync(db => db.IdempotencyRecords.AsNoTracking().Where(r => r.SessionId == session).ToListAsync()));
    }

    [Fact]
    public async Task The_same_request_again_with_its_key_still_gets_the_first_answer_whatever_its_spacing_and_email_case()
    {
        var session = await app.OpenSessionAsync(capacity: 3);

        var first = await app.RegisterAsync(session, "alice@example.org", name: "Alice", idempotencyKey: "k-same");
        var again = await app.RegisterAsync(session, "  ALICE@Example.org ", name: " Alice ", language: "FR", idempotencyKey: "k-same");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(firstBody, await again.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(1, (await app.SeatsAsync(session))!.Confirmed);
        var record = await app.WithDbAsync(db => db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.SessionId == session));
        Assert.Equal(64, record.RequestFingerprint!.Length);
    }

    [Fact]
    public async Task A_waitlisted_registration_key_reused_with_other_details_is_refused_and_the_waiting_list_unchanged()
    {
        var session = await app.OpenSessionAsync(capacity: 1);
        await app.RegisterAsync(session, "seated@example.org");

        var alice = await app.RegisterAsync(session, "alice@example.org", name: "Alice", idempotencyKey: "k-wait");
        var changed = await app.RegisterAsync(session, "alice@example.org", name: "Alice", timeZone: "Europe/Madrid", idempotencyKey: "k-wait");
        var same = await app.RegisterAsync(session, "alice@example.org", name: "Alice", idempotencyKey: "k-wait");

        Assert.Equal(HttpStatusCode.Created, alice.StatusCode);
        Assert.Equal("waitlisted", (await alice.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, changed.StatusCode);
        Assert.True((await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(HttpStatusCode.Created, same.StatusCode);
        Assert.Equal(await alice.Content.ReadAsStringAsync(), await same.Content.ReadAsStringAsync());
        var seats = await app.SeatsAsync(session);
        Assert.Equal((1, 1), (seats!.Confirmed, seats.Waitlisted));
        var aliceRow = await app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.SessionId == session && r.Email == "alice@example.org"));
        Assert.Equal("America/Montevideo", aliceRow.TimeZone);
    }

    [Fact]
    public async Task Two_attendees_sending_one_key_at_once_get_one_registration_and_one_refusal()
    {
        var session = await app.OpenSessionAsync(capacity: 5);

        var responses = await Task.WhenAll(
            app.RegisterAsync(session, "alice@example.org", name: "Alice", idempotencyKey: "k-race"),
            app.RegisterAsync(session, "mallory@example.org", name: "Mallory", idempotencyKey: "k-race"));

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.UnprocessableEntity], responses.Select(r => r.StatusCode).Order());
        var winner = responses.Single(r => r.StatusCode == HttpStatusCode.Created);
        var answer = await winner.Content.ReadFromJsonAsync<JsonElement>();
        var stored = await app.WithDbAsync(db => db.Registrations.AsNoTracking().SingleAsync(r => r.SessionId == session));
        Assert.Equal(answer.GetProperty("id").GetGuid(), stored.Id);
        Assert.Equal(1, (await app.SeatsAsync(session))!.Confirmed);
        var loserBody = await responses.Single(r => r.StatusCode != HttpStatusCode.Created).Content.ReadAsStringAsync();
        Assert.DoesNotContain(answer.GetProperty("manageToken").GetString()!, loserBody);
    }

    [Fact]
    public async Task The_single_statement_path_stores_the_fingerprint_so_the_key_is_bound_to_its_request()
    {
        var session = await app.OpenSessionAsync(capacity: 2);
        var now = DateTimeOffset.UtcNow;
        var request = new RegisterRequest("Alice", "alice@example.org", "OIT", "UY", "fr", "America/Montevideo");
        var token = ManageToken.Create();
        var registration = new Registrations.Registration
        {
            Id = Guid.CreateVersion7(), SessionId = session, Name = "Alice", Email = "alice@example.org", NormalisedEmail = "alice@example.org",
            Organisation = "OIT", Country = "UY", Language = "fr", TimeZone = "America/Montevideo", Status = RegistrationStatus.Confirmed,
            ManageTokenHash = ManageToken.Hash(token), CreatedAt = now, ConfirmedAt = now,
        };
        var answer = new RegistrationAnswer(registration.Id, RegistrationStatus.Confirmed, null, token);
        var record = IdempotencyStore.Record(session, "k-solo", RegisterEndpoint.Fingerprint(session, "k-solo", request), 201, answer, now);
        var solo = new SeatGroupCommit(app.Services.GetRequiredService<IServiceScopeFactory>(),
            new ConfigurationBuilder().AddInMemoryCollection([new("Registration:GroupCommitMax", "0")]).Build(),
            app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), NullLogger<SeatGroupCommit>.Instance);
        Assert.False(solo.Enabled);

        var written = await app.WithDbAsync(db => SeatFastPath.TryConfirmAsync(db, solo, registration,
            new RegistrationConfirmed(OutboxExtensions.NewEventId(), now, registration.ToAttendee(token)), record, default));
        var other = await app.RegisterAsync(session, "mallory@example.org", name: "Mallory", idempotencyKey: "k-solo");
        var same = await app.RegisterAsync(session, "alice@example.org", name: "Alice", idempotencyKey: "k-solo");

        Assert.True(written);
        var stored = await app.WithDbAsync(db => db.IdempotencyRecords.AsNoTracking().SingleAsync(r => r.SessionId == session));
        Assert.Equal(record.RequestFingerprint, stored.RequestFingerprint);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(HttpStatusCode.Created, same.StatusCode);
        Assert.Equal(token, (await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("manageToken").GetString());
        Assert.Equal(1, (await app.SeatsAsync(session))!.Confirmed);
    }

    [Fact]
    public async Task A_record_stored_before_fingerprints_still_replays_to_its_key()
    {
        var session = await app.OpenSessionAsync(capacity: 3);
        var first = await app.RegisterAsync(session, "alice@example.org", name: "Alice", idempotencyKey: "k-old");
        await app.WithDbAsync(db => db.IdempotencyRecords.Where(r => r.SessionId == session)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.RequestFingerprint, (string?)null)));

        var again = await app.RegisterAsync(session, "alice@example.org", name: "Alice B.", idempotencyKey: "k-old");

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(1, (await app.SeatsAsync(session))!.Confirmed);
    }

    [Fact]
    public async Task A_keyed_request_with_a_broken_email_is_a_client_error_not_a_500()
    {
        var session = await app.OpenSessionAsync(capacity: 3);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{session}/registrations")
        {
            Content = new StringContent("""{"name":"Ana","email":"a\ud800@example.org","language":"fr","timeZone":"Europe/Madrid"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "k-broken");

        var response = await app.CreateClient().SendAsync(request);

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal(0, (await app.SeatsAsync(session))!.Confirmed);
    }
}

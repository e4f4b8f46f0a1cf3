using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Conference.ServiceDefaults.Input;
using Microsoft.EntityFrameworkCore;

namespace Conference.Registration.Tests;

/// <summary>
/// Bodies a client may send that no endpoint can take: 400/415 problem details naming the field and
/// why, nothing stored (ServiceDefaults' JSON body guard and bad-request problems; found by a tester
/// as 500s on the registration and capacity endpoints).
/// </summary>
public sealed class BadInputTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    private const string Valid = "\"name\":\"Ana\",\"email\":\"ana@example.org\",\"language\":\"fr\",\"timeZone\":\"Europe/Madrid\"";

    [Theory]
    [InlineData("{\"name\":", "name", "Malformed JSON")]
    [InlineData("[]", "body", "")]
    [InlineData("\"x\"", "body", "")]
    [InlineData("{" + Valid + "} trailing", "body", "Malformed JSON")]
    [InlineData("{/*comment*/" + Valid + "}", "body", "Malformed JSON")]
    [InlineData("{\"name\":123,\"email\":\"ana@example.org\",\"language\":\"fr\",\"timeZone\":\"Europe/Madrid\"}", "name", "")]
    [InlineData("{\"name\":\"A\\u0000B\",\"email\":\"ana@example.org\",\"language\":\"fr\",\"timeZone\":\"Europe/Madrid\"}", "name", "NUL")]
    [InlineData("{\"name\":\"A\\ud800B\",\"email\":\"ana@example.org\",\"language\":\"fr\",\"timeZone\":\"Europe/Madrid\"}", "name", "surrogate")]
    [InlineData("{\"organisation\":\"x\\u0000\"," + Valid + "}", "organisation", "NUL")]
    [InlineData("{\"name\":\"A\"," + Valid + "}", "name", "'name' appears more than once")]
    [InlineData("{\"Name\":\"A\"," + Valid + "}", "name", "'name' appears more than once")]
    [InlineData("{\"n\\u0061me\":\"A\"," + Valid + "}", "name", "'name' appears more than once")]
    [InlineData("{" + Valid + ",\"EMAIL\":\"eve@example.org\"}", "EMAIL", "'EMAIL' appears more than once")]
    [InlineData("{\"organisation\":{\"id\":1,\"id\":2}," + Valid + "}", "organisation.id", "'id' appears more than once")]
    public async Task A_body_no_endpoint_can_take_is_a_400_problem_naming_the_field_and_stores_nothing(string body, string field, string reason)
    {
        var session = await app.OpenSessionAsync(capacity: 5);

        using var response = await app.CreateClient().PostAsync($"/api/v1/sessions/{session}/registrations",
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var messages = problem.GetProperty("errors").GetProperty(field);
        Assert.Contains(reason, messages[0].GetString());
        Assert.Equal(0, await app.WithDbAsync(db => db.Registrations.CountAsync(r => r.SessionId == session)));
    }

    [Theory]
    [InlineData("{\"name\":123,\"email\":\"ana@example.org\",\"language\":\"fr\",\"timeZone\":\"Europe/Madrid\"}", "name")]
    [InlineData("[]", "body")]
    public async Task A_value_of_the_wrong_type_is_explained_without_dotnet_type_names(string body, string field)
    {
        var session = await app.OpenSessionAsync(capacity: 5);

        using var response = await app.CreateClient().PostAsync($"/api/v1/sessions/{session}/registrations",
            new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty(field)[0].GetString()!;
        Assert.DoesNotContain("Conference.", message);
        Assert.DoesNotContain("System.", message);
        Assert.DoesNotContain("RegisterRequest", message);
    }

    [Fact]
    public async Task A_body_starting_with_a_utf8_byte_order_mark_is_taken()
    {
        var session = await app.OpenSessionAsync(capacity: 5);
        byte[] body = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{" + Valid + "}")];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await app.CreateClient().PostAsync($"/api/v1/sessions/{session}/registrations", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"a\":{\"x\":1},\"b\":{\"x\":2},\"x\":3}")]
    [InlineData("[{\"x\":1},{\"x\":2,\"y\":{\"x\":3}}]")]
    [InlineData("{\"x\":[{\"x\":1}],\"xx\":{}}")]
    public void The_same_name_in_different_objects_is_no_duplicate(string body)
    {
        Assert.Null(JsonBodyGuard.Check(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void A_duplicate_in_an_array_element_is_named_by_its_path()
    {
        var fault = JsonBodyGuard.Check(Encoding.UTF8.GetBytes("{\"documents\":[{\"title\":\"a\"},{\"title\":\"b\",\"TITLE\":\"c\"}]}"));

        Assert.Equal(("documents.TITLE", "The property 'TITLE' appears more than once in the same object (names are compared ignoring case); send it once."), fault);
    }

    [Fact]
    public async Task Invalid_utf8_is_a_400_problem()
    {
        var session = await app.OpenSessionAsync(capacity: 5);
        var bytes = Encoding.UTF8.GetBytes("{" + Valid.Replace("Ana", "A\uFFFDna") + "}");
        var at = Array.IndexOf(bytes, (byte)0xEF);
        bytes[at] = 0xFF; // an invalid UTF-8 lead byte inside the name

        using var response = await app.CreateClient().PostAsync($"/api/v1/sessions/{session}/registrations",
            new ByteArrayContent(bytes) { Headers = { { "Content-Type", "application/json" } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("UTF-8", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        // Like every other problem: the status's RFC 9110 section and the trace to look up.
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.1", problem.GetProperty("type").GetString());
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", problem.GetProperty("traceId").GetString());
    }

    [Theory]
    [InlineData("{\"capacity\":5.5}", HttpStatusCode.BadRequest, "capacity")]
    [InlineData("{\"capacity\":10000000000}", HttpStatusCode.BadRequest, "capacity")]
    [InlineData("[]", HttpStatusCode.BadRequest, "body")]
    [InlineData("{\"capacity\":\"30\"}", HttpStatusCode.BadRequest, "capacity")] // a number in a string: JSON numbers only (contract)
    public async Task A_capacity_that_is_no_whole_number_is_a_problem_and_changes_nothing(string body, HttpStatusCode status, string field)
    {
        var session = await app.OpenSessionAsync(capacity: 3);

        using var response = await app.Partner("OIT").PutAsync($"/api/v1/sessions/{session}/capacity", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(status, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Equal(3, (await app.SeatsAsync(session))!.Capacity);
    }

    [Fact]
    public async Task A_capacity_sent_as_text_is_refused_saying_numbers_are_json_numbers()
    {
        var session = await app.OpenSessionAsync(capacity: 3);

        using var response = await app.Partner("OIT").PutAsync($"/api/v1/sessions/{session}/capacity",
            new StringContent("{\"capacity\":\"30\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("capacity")[0].GetString();
        Assert.Contains("a JSON number, not text in quotes", message);
        Assert.Equal(3, (await app.SeatsAsync(session))!.Capacity);
    }

    [Fact]
    public async Task A_registration_without_a_content_type_is_a_415_problem()
    {
        var session = await app.OpenSessionAsync(capacity: 5);

        using var response = await app.CreateClient().PostAsync($"/api/v1/sessions/{session}/registrations", new ByteArrayContent(Encoding.UTF8.GetBytes("{" + Valid + "}")));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("application/json", problem.GetProperty("errors").GetProperty("Content-Type")[0].GetString());
    }
}

/// <summary>Fields that would carry control characters into emails, CSV and iCalendar, or an address no SMTP server takes.</summary>
public sealed class FieldRuleTests(RegistrationApp app) : IClassFixture<RegistrationApp>
{
    [Theory]
    [InlineData("A\u0007\u001bB", "ok@example.org", "name")]
    [InlineData("Ana\nBcc: x", "ok2@example.org", "name")]
    [InlineData("Ana", "a234567890123456789012345678901234567890123456789012345678901234x@example.org", "email")]
    [InlineData("Ana", "a@[127.0.0.1]", "email")]         // IP literal
    [InlineData("Ana", "a{b}@example.org", "email")]      // breaks the invitation's mailto URI
    [InlineData("Ana", "a|b@example.org", "email")]
    [InlineData("Ana", "a.@example.org", "email")]        // MimeKit cannot parse it: it could never be sent
    [InlineData("Ana", "a..b@example.org", "email")]
    [InlineData("Ana", "a@b", "email")]                   // no dot in the domain
    [InlineData("Ana", "root@localhost", "email")]
    [InlineData("Ana", "a@123", "email")]
    [InlineData("Ana", "a@example.123", "email")]
    [InlineData("Ana", "a@-example.org", "email")]
    [InlineData("Ana", "a@example.org-", "email")]
    [InlineData("Ana", "a\u200bna@example.org", "email")] // zero-width space: looks like ana@example.org
    [InlineData("Ana \u202Ezil\u202C", "bidi1@example.org", "name")] // right-to-left override: shows as "Ana liz"
    [InlineData("\u2067Ana\u2069", "bidi2@example.org", "name")]     // right-to-left isolate
    public async Task A_field_breaking_its_rule_is_a_422_naming_it(string name, string email, string field)
    {
        var session = await app.OpenSessionAsync(capacity: 5);

        using var response = await app.RegisterAsync(session, email, name: name);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(0, (await app.SeatsAsync(session))!.Confirmed);
    }

    [Fact]
    public async Task A_name_of_200_characters_outside_the_basic_plane_is_taken_and_201_is_not()
    {
        // 200 emoji are 400 UTF-16 units but 200 characters, what the name column counts.
        var session = await app.OpenSessionAsync(capacity: 5);
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 200));

        using var taken = await app.RegisterAsync(session, "emoji200@example.org", name: emoji);
        using var refused = await app.RegisterAsync(session, "emoji201@example.org", name: emoji + "\U0001F600");

        Assert.Equal(HttpStatusCode.Created, taken.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal(1, (await app.SeatsAsync(session))!.Confirmed);
    }

    [Fact]
    public async Task Right_to_left_names_with_implicit_marks_are_taken()
    {
        var session = await app.OpenSessionAsync(capacity: 5);

        using var response = await app.RegisterAsync(session, "rtl@example.org", name: "\u0641\u0627\u0637\u0645\u0629 \u200F(FAMSI)");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("o'brien+forum@example.org")]
    [InlineData("ana.maria_lópez@correo.example.es")]
    [InlineData("x-1=2?3#4$5%6&7*8/9~!@sub-domain.example.co")]
    public async Task Unusual_but_sendable_addresses_are_taken(string email)
    {
        var session = await app.OpenSessionAsync(capacity: 5);

        using var response = await app.RegisterAsync(session, email);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}

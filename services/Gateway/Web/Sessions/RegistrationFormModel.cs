namespace Conference.Gateway.Web.Sessions;

/// <summary>
/// The registration form's fields as posted (names <c>Form.Name</c>, ...); checked by Registration,
/// not here. <see cref="IdempotencyKey"/> is drawn once per rendered form so that posting it twice
/// registers once.
/// </summary>
public sealed class RegistrationFormModel
{
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Organisation { get; set; }
    public string? Country { get; set; }
    public string? Language { get; set; }
    public string? TimeZone { get; set; }
    public string? IdempotencyKey { get; set; }
}

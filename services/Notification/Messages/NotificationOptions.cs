namespace Conference.Notification.Messages;

/// <summary>
/// What messages say about the forum itself. <c>Gateway:PublicUrl</c> is the attendee-facing address
/// (default <c>http://127.0.0.1:8080</c>, the local gateway); <c>Mail:FromAddress</c> and
/// <c>Mail:FromName</c> sign every message and are the iCalendar ORGANIZER.
/// </summary>
internal sealed class NotificationOptions
{
    /// <summary>Base of the manage link <c>{PublicUrl}/registrations/{id}?token={manageToken}</c>.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Sender and iCalendar organiser address.</summary>
    public string FromAddress { get; set; } = "programme@conference.local";

    /// <summary>Sender display name.</summary>
    public string FromName { get; set; } = "Forum programme";
}

using System.Text;
using Conference.Notification.Messages.Templates;
using Conference.Notification.Registrations;
using Conference.Notification.Sessions;
using Microsoft.Extensions.Options;

namespace Conference.Notification.Messages;

/// <summary>What to write, to whom, about which session.</summary>
/// <param name="Kind">One of <see cref="MessageKind"/>.</param>
/// <param name="Sequence">Part of the message key: the schedule version for reschedules and reminders, else 0.</param>
/// <param name="Session">The local session copy (as it is now).</param>
/// <param name="Registration">The attendee.</param>
/// <param name="HeldSeat">Whether the attendee holds (or held, for a cancellation) a confirmed seat: decides the join link and the iCalendar part.</param>
/// <param name="WaitlistPosition">For <see cref="MessageKind.Waitlisted"/>.</param>
/// <param name="Reason">The organisers' reason, for <see cref="MessageKind.SessionCancelled"/>.</param>
internal sealed record MessageRequest(
    string Kind,
    int Sequence,
    SessionCopy Session,
    AttendeeRegistration Registration,
    bool HeldSeat,
    int? WaitlistPosition = null,
    string? Reason = null);

/// <summary>
/// Renders a message in the attendee's language: subject, plain text and HTML from the same parts,
/// the title and summary in that language (else the source language, saying so), times in the
/// attendee's zone then the reference offsets, the join link for confirmed attendees only, the manage
/// link, and the iCalendar part (REQUEST for a seat, CANCEL when a held seat or the session ends).
/// </summary>
internal sealed class MessageComposer(IOptions<NotificationOptions> options, TimeProvider time)
{
    private readonly NotificationOptions _options = options.Value;

    public OutgoingMessage Compose(MessageRequest r)
    {
        var s = r.Session;
        var a = r.Registration;
        var w = Wording.For(a.Language);
        var (title, titleFellBack) = s.Text("title", w.Language);
        title ??= s.Code;
        var showJoin = r.HeldSeat && s.JoinUrl is not null && JoinLinkKinds.Contains(r.Kind);
        var method = IcsMethod(r);

        var parts = new List<Part>
        {
            new Paragraph(w.Greeting(a.Name)),
            new Paragraph(w.Lead(r.Kind, r.WaitlistPosition)),
            new Heading($"{s.Code} · {title}"),
        };
        if (titleFellBack)
        {
            parts.Add(new Note(w.TitleFallback(s.SourceLanguage)));
        }
        parts.Add(new Detail(w.WhenLabel, SessionTimes.Local(s.StartsAt, s.EndsAt, a.TimeZone, w)));
        if (SessionTimes.Reference(s.StartsAt, s.EndsAt, s.ReferenceOffsets, w) is { } reference)
        {
            parts.Add(new Detail(w.ReferenceLabel, reference));
        }
        if (!string.IsNullOrWhiteSpace(s.Platform))
        {
            parts.Add(new Detail(w.PlatformLabel, s.Platform));
        }
        if (showJoin)
        {
            parts.Add(new Detail(w.JoinLabel, s.JoinUrl!, IsLink: true));
        }
        if (r.Kind == MessageKind.SessionCancelled && !string.IsNullOrWhiteSpace(r.Reason))
        {
            parts.Add(new Detail(w.ReasonLabel, r.Reason));
        }
        if (SummaryKinds.Contains(r.Kind) && s.Text("summary", w.Language) is ({ } summary, var summaryFellBack))
        {
            parts.Add(new Detail(w.SummaryLabel, summary));
            if (summaryFellBack)
            {
                parts.Add(new Note(w.SummaryFallback(s.SourceLanguage)));
            }
        }
        if (method is not null)
        {
            parts.Add(new Paragraph(method == Invitation.Request ? w.InvitationNote : w.CancellationNote));
        }
        parts.Add(new Detail(w.ManageLabel, ManageLink(a), IsLink: true));
        parts.Add(new Paragraph(w.SignOff));

        var now = time.GetUtcNow();
        string? ics = null;
        if (method is not null)
        {
            ics = Invitation.Create(new Invitation.Facts(
                method, a.Id, s.ScheduleVersion, s.StartsAt, s.EndsAt, title,
                Description(w, s, a, showJoin),
                showJoin ? s.JoinUrl : s.Platform,
                showJoin ? s.JoinUrl : null,
                string.Join(", ", s.Organisers), _options.FromAddress, a.Name, a.Email, now));
        }

        return new OutgoingMessage
        {
            Id = Guid.CreateVersion7(),
            RegistrationId = a.Id,
            SessionId = s.Id,
            Kind = r.Kind,
            Sequence = r.Sequence,
            Recipient = a.Email,
            RecipientName = a.Name,
            Language = w.Language,
            Subject = w.Subject(r.Kind, title, r.WaitlistPosition),
            TextBody = Text(parts, w),
            HtmlBody = Html(parts, w.Language),
            Ics = ics,
            IcsMethod = method,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary><c>{Gateway:PublicUrl}/registrations/{id}?token={manageToken}</c>.</summary>
    public string ManageLink(AttendeeRegistration a) =>
        $"{_options.PublicUrl.TrimEnd('/')}/registrations/{a.Id:D}?token={Uri.EscapeDataString(a.ManageToken)}";

    private static readonly HashSet<string> JoinLinkKinds =
        [MessageKind.Confirmed, MessageKind.Promoted, MessageKind.SessionRescheduled, MessageKind.Reminder24h, MessageKind.Reminder1h];

    private static readonly HashSet<string> SummaryKinds =
        [MessageKind.Confirmed, MessageKind.Promoted, MessageKind.Waitlisted];

    private static string? IcsMethod(MessageRequest r) => r.Kind switch
    {
        MessageKind.Confirmed or MessageKind.Promoted or MessageKind.SessionRescheduled when r.HeldSeat => Invitation.Request,
        MessageKind.CancelledByAttendee or MessageKind.RemovedByOrganiser or MessageKind.SessionCancelled when r.HeldSeat => Invitation.Cancel,
        _ => null,
    };

    private string Description(Wording w, SessionCopy s, AttendeeRegistration a, bool showJoin)
    {
        var text = new StringBuilder();
        if (showJoin)
        {
            text.Append(w.Colon(w.JoinLabel)).Append(' ').AppendLine(s.JoinUrl);
        }
        text.Append(w.Colon(w.ManageLabel)).Append(' ').Append(ManageLink(a));
        return text.ToString();
    }

    // A message is a few kinds of parts, rendered once as plain text and once as HTML.
    private abstract record Part;

    private sealed record Paragraph(string Text) : Part;

    private sealed record Heading(string Text) : Part;

    private sealed record Note(string Text) : Part;

    private sealed record Detail(string Label, string Value, bool IsLink = false) : Part;

    // Blocks separated by a blank line; a note stays under the block it explains.
    private static string Text(IEnumerable<Part> parts, Wording w)
    {
        var text = new StringBuilder();
        foreach (var part in parts)
        {
            if (text.Length > 0)
            {
                text.Append(part is Note ? "\n" : "\n\n");
            }
            text.Append(part switch
            {
                Detail d => $"{w.Colon(d.Label)}\n  {d.Value.Replace("\n", "\n  ", StringComparison.Ordinal)}",
                Paragraph p => p.Text,
                Heading h => h.Text,
                Note n => n.Text,
                _ => "",
            });
        }
        return text.Append('\n').ToString();
    }

    private static string Html(IEnumerable<Part> parts, string language)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"").Append(language).Append("\"><head><meta charset=\"utf-8\"></head>\n<body style=\"font-family:sans-serif;line-height:1.4\">\n");
        foreach (var part in parts)
        {
            switch (part)
            {
                case Paragraph p:
                    html.Append("<p>").Append(Encode(p.Text).Replace("\n", "<br>", StringComparison.Ordinal)).Append("</p>\n");
                    break;
                case Heading h:
                    html.Append("<h2>").Append(Encode(h.Text)).Append("</h2>\n");
                    break;
                case Note n:
                    html.Append("<p><em>").Append(Encode(n.Text)).Append("</em></p>\n");
                    break;
                case Detail d:
                    var value = d.IsLink
                        ? $"<a href=\"{Encode(d.Value)}\">{Encode(d.Value)}</a>"
                        : Encode(d.Value).Replace("\n", "<br>", StringComparison.Ordinal);
                    html.Append("<p><strong>").Append(Encode(d.Label)).Append("</strong><br>").Append(value).Append("</p>\n");
                    break;
            }
        }
        html.Append("</body></html>\n");
        return html.ToString();
    }

    // Only the five characters that matter: accented letters stay readable in the HTML source.
    private static string Encode(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);
}

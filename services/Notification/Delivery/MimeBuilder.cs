using System.Text;
using Conference.Notification.Messages;
using MimeKit;

namespace Conference.Notification.Delivery;

/// <summary>
/// The MIME shape calendar clients understand (RFC 6047, iMIP): <c>multipart/mixed</c> holding a
/// <c>multipart/alternative</c> of plain text, HTML and <c>text/calendar; method=...</c>, plus the same
/// calendar as an <c>invite.ics</c> attachment for clients that only look at attachments. The
/// Message-ID derives from the message id, so a resend after a crash is recognisably the same email.
/// </summary>
internal static class MimeBuilder
{
    public static MimeMessage Build(OutgoingMessage m, string fromName, string fromAddress)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress(fromName, fromAddress));
        message.To.Add(new MailboxAddress(m.RecipientName, m.Recipient));
        message.Subject = m.Subject;
        message.MessageId = $"{m.Id:N}@conference";
        message.Headers.Add("Content-Language", m.Language);

        var alternative = new MultipartAlternative
        {
            Text("plain", m.TextBody),
            Text("html", m.HtmlBody),
        };
        if (m.Ics is null)
        {
            message.Body = alternative;
            return message;
        }

        var calendar = Text("calendar", m.Ics);
        calendar.ContentType.Parameters.Add("method", m.IcsMethod ?? "REQUEST");
        alternative.Add(calendar);

        var attachment = new MimePart("application", "ics")
        {
            Content = new MimeContent(new MemoryStream(Encoding.UTF8.GetBytes(m.Ics))),
            ContentDisposition = new ContentDisposition(ContentDisposition.Attachment) { FileName = "invite.ics" },
            ContentTransferEncoding = ContentEncoding.Base64,
        };
        message.Body = new Multipart("mixed") { alternative, attachment };
        return message;
    }

    private static TextPart Text(string subtype, string text)
    {
        var part = new TextPart(subtype) { ContentTransferEncoding = ContentEncoding.QuotedPrintable };
        part.SetText(Encoding.UTF8, text);
        return part;
    }
}

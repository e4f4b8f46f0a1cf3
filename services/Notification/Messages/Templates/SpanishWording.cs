using System.Globalization;
using NodaTime;

namespace Conference.Notification.Messages.Templates;

/// <summary>Spanish messages (trato de usted, como escribe el foro).</summary>
internal sealed class SpanishWording : Wording
{
    public override string Language => "es";

    public override CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("es-ES");

    protected override string DatePattern => "dddd d 'de' MMMM 'de' yyyy";

    protected override string ShortDatePattern => "d 'de' MMMM";

    public override string Greeting(string name) => $"Estimado/a {name}:";

    public override string Subject(string kind, string title, int? waitlistPosition) => kind switch
    {
        MessageKind.Confirmed => $"Su plaza está confirmada: {title}",
        MessageKind.Waitlisted => $"Lista de espera, posición {waitlistPosition}: {title}",
        MessageKind.Promoted => $"Ya tiene plaza: {title}",
        MessageKind.CancelledByAttendee => $"Su inscripción ha sido cancelada: {title}",
        MessageKind.RemovedByOrganiser => $"Su inscripción ha sido retirada: {title}",
        MessageKind.SessionRescheduled => $"Nuevo horario: {title}",
        MessageKind.SessionCancelled => $"Sesión cancelada: {title}",
        MessageKind.Reminder24h => $"Mañana: {title}",
        MessageKind.Reminder1h => $"Empieza en una hora: {title}",
        _ => title,
    };

    public override string Lead(string kind, int? waitlistPosition) => kind switch
    {
        MessageKind.Confirmed => "Gracias por inscribirse: su plaza en la sesión que figura a continuación está confirmada.",
        MessageKind.Waitlisted => $"La sesión que figura a continuación está completa, por lo que usted queda en su lista de espera, en la posición {waitlistPosition}. Si se libera una plaza, será para la primera persona de la lista y le escribiremos de inmediato.",
        MessageKind.Promoted => "Buenas noticias: se ha liberado una plaza en la sesión que figura a continuación y ahora es suya.",
        MessageKind.CancelledByAttendee => "Tal como nos pidió, su inscripción en la sesión que figura a continuación ha sido cancelada. Su plaza pasa a la siguiente persona de la lista de espera.",
        MessageKind.RemovedByOrganiser => "La organización de la sesión que figura a continuación ha retirado su inscripción. Si cree que se trata de un error, responda a este mensaje.",
        MessageKind.SessionRescheduled => "La sesión que figura a continuación ha cambiado de horario. Le rogamos que tome nota de la nueva fecha y hora.",
        MessageKind.SessionCancelled => "Lamentamos comunicarle que la organización ha cancelado la sesión que figura a continuación.",
        MessageKind.Reminder24h => "Le recordamos que la sesión que figura a continuación empieza dentro de 24 horas.",
        MessageKind.Reminder1h => "La sesión que figura a continuación empieza dentro de una hora.",
        _ => "",
    };

    public override string TitleFallback(string sourceLanguage) =>
        $"(Este título aún no está disponible en español; se muestra en su idioma original, {LanguageName(sourceLanguage)}.)";

    public override string SummaryFallback(string sourceLanguage) =>
        $"(Este resumen aún no está disponible en español; se muestra en su idioma original, {LanguageName(sourceLanguage)}.)";

    public override string LocalRange(ZonedDateTime start, ZonedDateTime end, string zoneId)
    {
        var offsets = NeedsOffsets(start, end);
        return start.Date == end.Date
            ? $"{Date(start.Date)}, de {Clock(start, offsets)} a {Clock(end, offsets)} (hora de {zoneId})"
            : $"del {Date(start.Date)} a las {Clock(start, offsets)} al {Date(end.Date)} a las {Clock(end, offsets)} (hora de {zoneId})";
    }

    public override string WhenLabel => "Cuándo (su hora)";

    public override string ReferenceLabel => "Horarios de referencia del foro";

    public override string PlatformLabel => "Plataforma";

    public override string JoinLabel => "Enlace de conexión";

    public override string SummaryLabel => "Resumen";

    public override string ReasonLabel => "Motivo indicado por la organización";

    public override string ManageLabel => "Gestionar su inscripción";

    public override string InvitationNote => "La invitación adjunta añade la sesión a su calendario y la mantiene actualizada.";

    public override string CancellationNote => "La actualización adjunta elimina la sesión de su calendario.";

    public override string SignOff => "Atentamente,\nEl equipo del foro";

    private static string LanguageName(string code) => code switch
    {
        "fr" => "el francés",
        "es" => "el español",
        "en" => "el inglés",
        _ => code,
    };
}

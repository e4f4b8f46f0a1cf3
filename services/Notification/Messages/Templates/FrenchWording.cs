using System.Globalization;
using NodaTime;

namespace Conference.Notification.Messages.Templates;

/// <summary>French messages (typographie française : espace insécable avant « : »).</summary>
internal sealed class FrenchWording : Wording
{
    public override string Language => "fr";

    public override CultureInfo Culture { get; } = CultureInfo.GetCultureInfo("fr-FR");

    protected override string DatePattern => "dddd d MMMM yyyy";

    protected override string ShortDatePattern => "d MMMM";

    public override string Colon(string label) => label + "\u00a0:";

    public override string Greeting(string name) => $"Bonjour {name},";

    public override string Subject(string kind, string title, int? waitlistPosition) => kind switch
    {
        MessageKind.Confirmed => $"Votre place est confirmée\u00a0: {title}",
        MessageKind.Waitlisted => $"Liste d’attente, position {waitlistPosition}\u00a0: {title}",
        MessageKind.Promoted => $"Une place vous est attribuée\u00a0: {title}",
        MessageKind.CancelledByAttendee => $"Votre inscription est annulée\u00a0: {title}",
        MessageKind.RemovedByOrganiser => $"Votre inscription a été retirée\u00a0: {title}",
        MessageKind.SessionRescheduled => $"Nouvel horaire\u00a0: {title}",
        MessageKind.SessionCancelled => $"Session annulée\u00a0: {title}",
        MessageKind.Reminder24h => $"Demain\u00a0: {title}",
        MessageKind.Reminder1h => $"Dans une heure\u00a0: {title}",
        _ => title,
    };

    public override string Lead(string kind, int? waitlistPosition) => kind switch
    {
        MessageKind.Confirmed => "Merci de votre inscription\u00a0: votre place est confirmée pour la session ci-dessous.",
        MessageKind.Waitlisted => $"La session ci-dessous est complète\u00a0; vous figurez sur sa liste d’attente, en position {waitlistPosition}. Si une place se libère, elle revient à la première personne de la liste et nous vous écrirons aussitôt.",
        MessageKind.Promoted => "Bonne nouvelle\u00a0: une place s’est libérée dans la session ci-dessous, et elle est désormais à vous.",
        MessageKind.CancelledByAttendee => "Comme vous l’avez demandé, votre inscription à la session ci-dessous est annulée. Votre place revient à la personne suivante sur la liste d’attente.",
        MessageKind.RemovedByOrganiser => "Les organisateurs de la session ci-dessous ont retiré votre inscription. S’il s’agit d’une erreur, répondez simplement à ce message.",
        MessageKind.SessionRescheduled => "La session ci-dessous a changé d’horaire. Merci de noter la nouvelle date et la nouvelle heure.",
        MessageKind.SessionCancelled => "Nous avons le regret de vous informer que les organisateurs ont annulé la session ci-dessous.",
        MessageKind.Reminder24h => "Petit rappel\u00a0: la session ci-dessous commence dans 24\u00a0heures.",
        MessageKind.Reminder1h => "La session ci-dessous commence dans une heure.",
        _ => "",
    };

    public override string TitleFallback(string sourceLanguage) =>
        $"(Ce titre n’est pas encore disponible en français\u00a0; il est donné dans sa langue d’origine, {LanguageName(sourceLanguage)}.)";

    public override string SummaryFallback(string sourceLanguage) =>
        $"(Ce résumé n’est pas encore disponible en français\u00a0; il est donné dans sa langue d’origine, {LanguageName(sourceLanguage)}.)";

    public override string LocalRange(ZonedDateTime start, ZonedDateTime end, string zoneId)
    {
        var offsets = NeedsOffsets(start, end);
        return start.Date == end.Date
            ? $"{Date(start.Date)}, de {Clock(start, offsets)} à {Clock(end, offsets)} (heure de {zoneId})"
            : $"du {Date(start.Date)} à {Clock(start, offsets)} au {Date(end.Date)} à {Clock(end, offsets)} (heure de {zoneId})";
    }

    public override string WhenLabel => "Quand (votre heure)";

    public override string ReferenceLabel => "Horaires de référence du forum";

    public override string PlatformLabel => "Plate-forme";

    public override string JoinLabel => "Se connecter";

    public override string SummaryLabel => "Résumé";

    public override string ReasonLabel => "Motif donné par les organisateurs";

    public override string ManageLabel => "Gérer votre inscription";

    public override string InvitationNote => "L’invitation jointe ajoute la session à votre agenda et la tient à jour.";

    public override string CancellationNote => "La mise à jour jointe retire la session de votre agenda.";

    public override string SignOff => "Bien cordialement,\nL’équipe du forum";

    private static string LanguageName(string code) => code switch
    {
        "fr" => "le français",
        "es" => "l’espagnol",
        "en" => "l’anglais",
        _ => code,
    };
}

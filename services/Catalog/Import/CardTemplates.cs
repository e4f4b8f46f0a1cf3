namespace Conference.Catalog.Import;

/// <summary>A labelled line of the card ("Date : 01/06/2021").</summary>
internal enum CardField
{
    Title,
    ThematicLine,
    SubTheme,
    Organisers,
    Date,
    Time,
    Platform,
    Capacity,
    RegistrationRequired,
    Languages,
}

/// <summary>A text section of the card, introduced by a heading ("Objectifs (max. 100 mots)").</summary>
internal enum CardSection
{
    Summary,
    Conceptualisation,
    Objectives,
    DiscussionPoints,
    Documents,
}

/// <summary>
/// The labels of the forum session card template in French, English and Spanish (source: the
/// forum's session card, <c>samples/session-card-3.2.2-fr.txt</c>, and its English and Spanish
/// versions), with the usual variants. Labels are compared case-, accent- and apostrophe-insensitively.
/// </summary>
internal static class CardTemplates
{
    public static readonly IReadOnlyList<(string Label, string Language, CardField Field)> Fields =
    [
        ("Titre de la session", "fr", CardField.Title), ("Titre", "fr", CardField.Title),
        ("Session title", "en", CardField.Title), ("Title of the session", "en", CardField.Title), ("Title", "en", CardField.Title),
        ("Título de la sesión", "es", CardField.Title), ("Título", "es", CardField.Title),

        ("Ligne thématique", "fr", CardField.ThematicLine), ("Axe thématique", "fr", CardField.ThematicLine),
        ("Thematic line", "en", CardField.ThematicLine), ("Thematic axis", "en", CardField.ThematicLine),
        ("Línea temática", "es", CardField.ThematicLine), ("Eje temático", "es", CardField.ThematicLine),

        ("Sous-thème", "fr", CardField.SubTheme), ("Sous thème", "fr", CardField.SubTheme),
        ("Sub-theme", "en", CardField.SubTheme), ("Subtheme", "en", CardField.SubTheme), ("Sub theme", "en", CardField.SubTheme),
        ("Subtema", "es", CardField.SubTheme), ("Sub-tema", "es", CardField.SubTheme),

        ("Organisateurs", "fr", CardField.Organisers), ("Organisateur", "fr", CardField.Organisers), ("Organisé par", "fr", CardField.Organisers),
        ("Organizers", "en", CardField.Organisers), ("Organisers", "en", CardField.Organisers), ("Organizer", "en", CardField.Organisers), ("Organiser", "en", CardField.Organisers), ("Organised by", "en", CardField.Organisers), ("Organized by", "en", CardField.Organisers),
        ("Organizadores", "es", CardField.Organisers), ("Organizador", "es", CardField.Organisers), ("Organizado por", "es", CardField.Organisers),

        ("Date", "fr", CardField.Date), ("Date", "en", CardField.Date), ("Fecha", "es", CardField.Date),

        ("Heure", "fr", CardField.Time), ("Horaire", "fr", CardField.Time), ("Heures", "fr", CardField.Time),
        ("Time", "en", CardField.Time), ("Hours", "en", CardField.Time),
        ("Hora", "es", CardField.Time), ("Horario", "es", CardField.Time),

        ("Plate-forme", "fr", CardField.Platform), ("Plateforme", "fr", CardField.Platform), ("Plate forme", "fr", CardField.Platform),
        ("Platform", "en", CardField.Platform), ("Plataforma", "es", CardField.Platform),

        ("Capacité de la session", "fr", CardField.Capacity), ("Capacité", "fr", CardField.Capacity),
        ("Session capacity", "en", CardField.Capacity), ("Capacity", "en", CardField.Capacity),
        ("Capacidad de la sesión", "es", CardField.Capacity), ("Capacidad", "es", CardField.Capacity), ("Aforo", "es", CardField.Capacity),

        ("Inscription nécessaire", "fr", CardField.RegistrationRequired), ("Inscription requise", "fr", CardField.RegistrationRequired), ("Inscription obligatoire", "fr", CardField.RegistrationRequired), ("Inscription", "fr", CardField.RegistrationRequired),
        ("Registration required", "en", CardField.RegistrationRequired), ("Registration needed", "en", CardField.RegistrationRequired), ("Registration", "en", CardField.RegistrationRequired),
        ("Inscripción necesaria", "es", CardField.RegistrationRequired), ("Inscripción requerida", "es", CardField.RegistrationRequired), ("Inscripción obligatoria", "es", CardField.RegistrationRequired), ("Inscripción", "es", CardField.RegistrationRequired),

        ("Langues", "fr", CardField.Languages), ("Langue", "fr", CardField.Languages),
        ("Languages", "en", CardField.Languages), ("Language", "en", CardField.Languages),
        ("Idiomas", "es", CardField.Languages), ("Idioma", "es", CardField.Languages), ("Lenguas", "es", CardField.Languages), ("Lengua", "es", CardField.Languages),
    ];

    public static readonly IReadOnlyList<(string Label, string Language, CardSection Section)> Sections =
    [
        ("Bref résumé de la session", "fr", CardSection.Summary), ("Résumé de la session", "fr", CardSection.Summary), ("Bref résumé", "fr", CardSection.Summary), ("Résumé", "fr", CardSection.Summary),
        ("Brief summary of the session", "en", CardSection.Summary), ("Short summary of the session", "en", CardSection.Summary), ("Session summary", "en", CardSection.Summary), ("Brief session summary", "en", CardSection.Summary), ("Short summary", "en", CardSection.Summary), ("Summary", "en", CardSection.Summary),
        ("Breve resumen de la sesión", "es", CardSection.Summary), ("Resumen breve de la sesión", "es", CardSection.Summary), ("Resumen de la sesión", "es", CardSection.Summary), ("Breve resumen", "es", CardSection.Summary), ("Resumen", "es", CardSection.Summary),

        ("Conceptualisation de la session", "fr", CardSection.Conceptualisation), ("Conceptualisation", "fr", CardSection.Conceptualisation),
        ("Session conceptualisation", "en", CardSection.Conceptualisation), ("Session conceptualization", "en", CardSection.Conceptualisation), ("Conceptualisation of the session", "en", CardSection.Conceptualisation), ("Conceptualization of the session", "en", CardSection.Conceptualisation), ("Conceptualization", "en", CardSection.Conceptualisation),
        ("Conceptualización de la sesión", "es", CardSection.Conceptualisation), ("Conceptualización", "es", CardSection.Conceptualisation),

        ("Objectifs de la session", "fr", CardSection.Objectives), ("Objectifs", "fr", CardSection.Objectives),
        ("Session objectives", "en", CardSection.Objectives), ("Objectives", "en", CardSection.Objectives),
        ("Objetivos de la sesión", "es", CardSection.Objectives), ("Objetivos", "es", CardSection.Objectives),

        ("Principaux points de discussion", "fr", CardSection.DiscussionPoints), ("Points de discussion", "fr", CardSection.DiscussionPoints),
        ("Main discussion points", "en", CardSection.DiscussionPoints), ("Key discussion points", "en", CardSection.DiscussionPoints), ("Main points for discussion", "en", CardSection.DiscussionPoints), ("Discussion points", "en", CardSection.DiscussionPoints),
        ("Principales puntos de discusión", "es", CardSection.DiscussionPoints), ("Puntos principales de discusión", "es", CardSection.DiscussionPoints), ("Puntos de discusión", "es", CardSection.DiscussionPoints),

        ("Documents pertinents", "fr", CardSection.Documents), ("Documents de référence", "fr", CardSection.Documents),
        ("Relevant documents", "en", CardSection.Documents), ("Related documents", "en", CardSection.Documents), ("Documents", "en", CardSection.Documents),
        ("Documentos relevantes", "es", CardSection.Documents), ("Documentos pertinentes", "es", CardSection.Documents), ("Documentos", "es", CardSection.Documents),
    ];

    /// <summary>The field a card line fills, by the name problems are reported under (as in the API: <c>capacity</c>, <c>registrationRequired</c>, ...).</summary>
    public static string Key(this CardField field) => field switch
    {
        CardField.Title => "title",
        CardField.ThematicLine => "thematicLine",
        CardField.SubTheme => "subTheme",
        CardField.Organisers => "organisers",
        CardField.Date => "date",
        CardField.Time => "time",
        CardField.Platform => "platform",
        CardField.Capacity => "capacity",
        CardField.RegistrationRequired => "registrationRequired",
        _ => "languages",
    };

    /// <summary>The text field a card section fills, by its API name (<c>summary</c>, <c>discussionPoints</c>, ...).</summary>
    public static string Key(this CardSection section) => section switch
    {
        CardSection.Summary => "summary",
        CardSection.Conceptualisation => "conceptualisation",
        CardSection.Objectives => "objectives",
        CardSection.DiscussionPoints => "discussionPoints",
        _ => "documents",
    };

    /// <summary>The first text heading of the template in a card language, as an example in problems.</summary>
    public static string SummaryHeading(string? language) => language switch
    {
        "en" => "Brief summary of the session (max. 250 words):",
        "es" => "Breve resumen de la sesión (máx. 250 palabras):",
        _ => "Bref résumé de la session (max. 250 mots) :",
    };

    public static readonly IReadOnlySet<string> Yes = new HashSet<string>(StringComparer.Ordinal)
    {
        "oui", "yes", "si", "y", "o", "true", "x", "requise", "obligatoire", "required", "needed", "necesaria", "obligatoria", "requerida",
    };

    public static readonly IReadOnlySet<string> No = new HashSet<string>(StringComparer.Ordinal)
    {
        "non", "no", "n", "false", "aucune", "none", "not required", "non requise", "pas necessaire", "no necesaria", "libre", "open", "free",
    };
}

using Conference.Contracts;

namespace Conference.Translation.Tests;

/// <summary>The texts of the real session card 3.2.2 (samples/session-card-3.2.2-fr.txt) as Catalog publishes them.</summary>
public static class SessionCard
{
    public const string Title = "Innovation sociale, communautés locales, et développement inclusif et durable : entreprises communautaires, l'avenir du travail, DEL, et économie verte.";

    public const string Summary = "La crise dévastatrice qui touche la plupart des pays est aussi une opportunité pour promouvoir un agenda transformateur qui pointe vers un modèle de développement centré sur les personnes et la planète. Pour transformer, nous devons changer, et en ce sens, l'innovation sociale est essentielle pour répondre aux anciens et nouveaux défis posés par la situation actuelle en termes de nouveau modèle de production et de consommation plus inclusif et durable.";

    public static readonly string Conceptualisation = string.Join("\n\n",
        "Pour faire face à la crise actuelle, d'une gravité sans précédent ces derniers temps, il est essentiel d'harmoniser et de planifier les mesures aux niveaux politique, sanitaire, économique et social. Ensuite, les politiques doivent constituer une réponse adéquate aux effets de la pandémie sur le marché du travail. Ces politiques doivent soutenir les groupes vulnérables les plus touchés en relançant le dialogue social afin de construire ensemble des mesures pour faire face à la crise avec la participation la plus large possible.",
        "L'Agenda 2030 des Nations Unies mentionnait déjà la nécessité d'adopter des politiques de développement intégrées, en mobilisant les connaissances, les ressources, les compétences et les partenariats, en localisant les actions pour la réalisation des Objectifs de Développement Durable (ODD).",
        "Aujourd'hui, plus que jamais, la localisation est nécessaire pour aligner les actions sur les problèmes, en impliquant les dimensions nationales et locales. Cet alignement, ainsi que l'inclusion des groupes vulnérables, sont des défis qui, comme le montrent de nombreuses expériences, nécessitent une innovation sociale à laquelle une économie ancrée territorialement peut contribuer plus efficacement. Par innovation sociale, on entend un changement dans les relations interinstitutionnelles dans un contexte donné. Ce type d'innovation implique un processus social profond, non seulement capable de répondre aux besoins actuels, mais aussi de cibler les changements sociaux qui contribuent à transformer le modèle de développement, en accordant plus d'attention aux personnes et à la planète.",
        "Dans ce sens, la priorité doit être donnée à la promotion de partenariats entre les secteurs public et privé, pour lesquels le dialogue social est crucial pour construire et planifier des stratégies de développement collaboratives qui impliquent différents niveaux de gouvernance.",
        "Les entreprises communautaires favorisent le développement local en adoptant des modèles organisationnels de l'ESS (l'Économie Sociale et Solidaire), un phénomène émergent dans les zones territoriales qui nécessitent une reconversion pour promouvoir un modèle de développement qui facilite l'inclusion de tous dans les circuits productifs. La création d'un travail décent est aujourd'hui, plus que jamais, un objectif obligatoire pour un avenir avec un travail de qualité.",
        "La transition écologique est une autre des questions prioritaires que doivent aborder les politiques qui, à partir des territoires, visent à promouvoir des politiques de développement durable.");

    public const string Objectives = "Cette session vise à montrer comment le développement économique local, en induisant des changements dans les relations interinstitutionnelles au niveau territorial, peut promouvoir l'innovation sociale, par le biais d'entreprises communautaires, par exemple, dans des domaines tels que l'économie verte créant des emplois décents en temps de crise.";

    /// <summary>The card's thematic line: "Ligne thématique 3 : ...".</summary>
    public const string ThematicLineTitle = "L'avenir du travail et le travail du futur dans une perspective territoriale dans le contexte de la crise créée par COVID-19.";

    /// <summary>The card's sub-theme: "Sous-thème 3.2 : ...".</summary>
    public const string SubThemeTitle = "Représentation collective et dialogue social multi-niveaux";

    /// <summary>The card as Catalog publishes it now: with its thematic line (3) and sub-theme (3.2), titles in French.</summary>
    public static SessionSnapshot SnapshotWithProgramme(Guid? id = null) => Snapshot(id) with
    {
        ThematicLine = new ProgrammeTopic("3", new Dictionary<string, string> { ["fr"] = ThematicLineTitle }),
        SubTheme = new ProgrammeTopic("3.2", new Dictionary<string, string> { ["fr"] = SubThemeTitle }),
    };

    /// <summary>The card as a published snapshot before snapshots carried the programme (French source, languages en/fr/es, organisers OIT/ADEC/FAMSI).</summary>
    public static SessionSnapshot Snapshot(Guid? id = null, string? title = null, string? objectives = null) => new(
        id ?? Guid.NewGuid(), "3.2.2", "workshop", "fr", ["en", "fr", "es"], ["OIT", "ADEC", "FAMSI"],
        new DateTimeOffset(2021, 6, 1, 17, 5, 0, TimeSpan.Zero), new DateTimeOffset(2021, 6, 1, 18, 35, 0, TimeSpan.Zero),
        [-180, 120], "Zoom", 160, true,
        new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["title"] = new Dictionary<string, string> { ["fr"] = title ?? Title },
            ["summary"] = new Dictionary<string, string> { ["fr"] = Summary },
            ["conceptualisation"] = new Dictionary<string, string> { ["fr"] = Conceptualisation },
            ["objectives"] = new Dictionary<string, string> { ["fr"] = objectives ?? Objectives },
            ["discussionPoints"] = new Dictionary<string, string> { ["fr"] = "" },
        },
        null, 1);
}

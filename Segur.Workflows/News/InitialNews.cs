namespace Segur.Workflows.News;

/// <summary>
/// The news the home page showed when they were constants in code, seeded by the migration that created the table so that
/// staff take them over (they may edit or unpublish them like any other). {delaiExpiration} is replaced on display.
/// </summary>
internal static class InitialNews
{
    private static readonly DateTime s_seeded = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    public static readonly object[] Items =
    [
        Item("0193a1b2-0000-7000-8000-000000000001", new DateOnly(2026, 11, 24), "Simulez vos imports avant de les déposer",
            "Le simulateur applique à votre fichier JSON exactement les contrôles de l'import, sans rien enregistrer : "
            + "vérifiez vos lignes avant le dépôt réel.", "/imports/nouveau", "Importer un fichier JSON"),
        Item("0193a1b2-0000-7000-8000-000000000002", new DateOnly(2026, 11, 11), "Demandes non complétées : {delaiExpiration} pour ajouter les pièces",
            "Une demande importée sans ses pièces justificatives reste « non complétée » et n'est pas instruite. "
            + "Elle est supprimée automatiquement {delaiExpiration} après l'import.", "/demandes/incompletes", "Voir mes demandes non complétées"),
        Item("0193a1b2-0000-7000-8000-000000000003", new DateOnly(2026, 10, 20), "Dépôt groupé des pièces par fichier zip",
            "Vous pouvez déposer en une fois les pièces de plusieurs demandes : chaque fichier du zip est rattaché à la demande "
            + "dont il porte le numéro éditeur.", null, null),
        Item("0193a1b2-0000-7000-8000-000000000004", new DateOnly(2026, 9, 30), "Suivi des paiements",
            "Chaque demande affiche son état de paiement (aucun paiement en cours, paiement en cours, paiement effectué) "
            + "et, une fois le paiement effectué, l'avis de paiement à télécharger.", "/demandes", "Suivre mes demandes"),
    ];

    // Seed rows are anonymous objects: the entity's setters are private.
    private static object Item(string id, DateOnly startsOn, string title, string text, string? link, string? linkText) => new
    {
        Id = Guid.Parse(id),
        Title = title,
        Text = text,
        Link = link,
        LinkText = linkText,
        StartsOn = startsOn,
        EndsOn = (DateOnly?)null,
        UnpublishedAt = (DateTime?)null,
        CreatedAt = s_seeded,
        CreatedBy = "Portail Ségur",
        UpdatedAt = (DateTime?)null,
        UpdatedBy = (string?)null,
    };
}

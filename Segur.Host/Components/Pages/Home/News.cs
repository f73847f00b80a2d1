namespace Segur.Host.Components.Pages.Home;

public sealed record NewsItem(DateOnly Date, string Title, string Text, string? Link = null, string? LinkText = null);

/// <summary>The news shown to suppliers on their home page, newest first.</summary>
public static class News
{
    public static readonly IReadOnlyList<NewsItem> ForSuppliers =
    [
        new(new DateOnly(2026, 11, 24), "Simulez vos imports avant de les déposer",
            "Le simulateur applique à votre fichier JSON exactement les contrôles de l'import, sans rien enregistrer : "
            + "vérifiez vos lignes avant le dépôt réel.", "/imports/nouveau", "Importer un fichier JSON"),
        new(new DateOnly(2026, 11, 11), "Demandes non complétées : {delaiExpiration} pour ajouter les pièces",
            "Une demande importée sans ses pièces justificatives reste « non complétée » et n'est pas instruite. "
            + "Elle est supprimée automatiquement {delaiExpiration} après l'import.", "/demandes/incompletes", "Voir mes demandes non complétées"),
        new(new DateOnly(2026, 10, 20), "Dépôt groupé des pièces par fichier zip",
            "Vous pouvez déposer en une fois les pièces de plusieurs demandes : chaque fichier du zip est rattaché à la demande "
            + "dont il porte le numéro éditeur."),
        new(new DateOnly(2026, 9, 30), "Suivi des paiements",
            "Chaque demande affiche son état de paiement (aucun paiement en cours, paiement en cours, paiement effectué) "
            + "et, une fois le paiement effectué, l'avis de paiement à télécharger.", "/demandes", "Suivre mes demandes"),
    ];
}

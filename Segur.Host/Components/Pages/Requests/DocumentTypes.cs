namespace Segur.Host.Components.Pages.Requests;

/// <summary>French names of the import file's document types (typeFichier) and formats.</summary>
public static class DocumentTypes
{
    public static string Label(string? typeFichier) => typeFichier switch
    {
        null or "" => "—",
        "BON_COMMANDE" => "Bon de commande",
        "FACTURE" => "Facture",
        "PV_RECETTE" or "PV_INSTALLATION" => "Procès-verbal d'installation",
        "ATTESTATION" => "Attestation",
        "DECISION_ATTRIBUTION" => "Décision d'attribution",
        "AVIS_PAIEMENT" => "Avis de paiement",
        _ => typeFichier,
    };

    public static string Format(string contentType) => contentType switch
    {
        "application/pdf" => "PDF",
        "image/jpeg" => "JPEG",
        "image/png" => "PNG",
        _ => contentType,
    };

    public static string Size(long bytes) => Shared.Numbers.Size(bytes);
}

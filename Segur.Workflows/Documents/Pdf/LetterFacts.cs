using System.Globalization;
using Segur.Workflows.Financing;

namespace Segur.Workflows.Documents.Pdf;

/// <summary>What an ASP letter says about the request and its supplier.</summary>
internal sealed record LetterFacts(
    string NumeroAsp, string NumeroDossier, string NumeroEditeur, string Type, string Denomination, string Siret, string? Adresse,
    string TypeLogiciel, string NumeroAns, string RegimeTva, DateOnly DateCommande, decimal MontantDeclareHT, decimal? MontantFactureHT,
    decimal? RetenuHT, decimal? RetenuTTC, decimal MontantDecide, decimal? AvanceVersee)
{
    public bool IsSolde => Type == RequestType.Solde;

    public string TypeLabel => IsSolde ? "Solde" : "Avance";

    /// <summary>"l'avance" / "le solde", inside a sentence.</summary>
    public string TypeInSentence => IsSolde ? "du solde" : "de l'avance";

    public IReadOnlyList<string> AddresseeLines =>
        [Denomination, $"SIRET {Siret}", .. (Adresse ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public IReadOnlyList<(string, string)> References =>
    [
        ("Numéro de dossier ASP", NumeroAsp),
        ("Numéro éditeur", NumeroEditeur),
        ("Type de demande", TypeLabel),
        ("Bénéficiaire du versement", Denomination),
        ("SIRET", Siret),
        ("Logiciel", $"{TypeLogiciel} – référencement ANS n° {NumeroAns}"),
        ("Date de commande", Day(DateCommande)),
        ("Régime de TVA", RegimeTva == "TTC" ? "TTC (montants retenus toutes taxes comprises)" : "HT (montants retenus hors taxes)"),
    ];

    public static string Day(DateOnly date) => date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);

    public static LetterFacts Of(FinancingRequest request, string? address) => new(
        request.NumeroAsp, request.NumeroDossier, request.NumeroEditeur, request.Type, request.Denomination, request.Siret, address,
        request.TypeLogiciel, request.NumeroAns, request.RegimeTva, request.DateCommande, request.MontantSegurHTDeclare, request.MontantFactureHT,
        request.MontantRetenuHT, request.MontantRetenuTTC,
        request.MontantDecide ?? throw new InvalidOperationException($"La demande {request.NumeroAsp} n'a pas de montant décidé."),
        request.MontantAvanceVerse);
}

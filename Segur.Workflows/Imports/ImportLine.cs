using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Segur.Workflows.Financing;

namespace Segur.Workflows.Imports;

/// <summary>
/// A line of the import file, read once after it passed the schema (<see cref="ImportReader"/>); it carries every field
/// the schema knows, so the returned file is written from it.
/// </summary>
public sealed record ImportLine(
    int NumLigne,
    string TypeAction,
    string? NumeroASP,
    string NumeroEditeur,
    Commande Commande,
    Facture? Facture,
    string? DeploiementMSS,
    Beneficiaires Beneficiaires,
    IReadOnlyList<PieceJustificative>? PiecesJustificatives,
    ScenarioInstallation? ScenarioInstallation,
    string? CodeTraitement = null,
    string? LibelleTraitement = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNameCaseInsensitive = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    [JsonIgnore] // derived: never stored with the line, never read from a file
    public bool IsSolde => Facture is not null || !string.IsNullOrEmpty(NumeroASP);
}

public sealed record Commande(string DateCommande, string RegimeTVA, decimal MontantSegurHT);

public sealed record Facture(decimal MontantSegurHTFacture, string? NumeroFacture, string? DateFacture);

public sealed record Beneficiaires(
    string CommandePour,
    IReadOnlyList<Liberal>? Liberal,
    Structure? Structure,
    bool? IsMandataire = null,
    bool? IsClientUnique = null,
    string? NomMandataire = null,
    string? EmailMandataire = null,
    string? TelephoneMandataire = null)
{
    /// <summary>
    /// The beneficiaries the line finances, each with its path under <c>beneficiaires</c>: every professional's RPPS;
    /// for a structure, each establishment of FINESSGeo, or the FINESSJuridique when no establishment is listed
    /// (docs/decisions/0032).
    /// </summary>
    public IEnumerable<ClaimedBeneficiary> Claimed()
    {
        if (CommandePour == "LIBERAL")
        {
            for (var i = 0; i < (Liberal?.Count ?? 0); i++)
            {
                if (Liberal![i].Rpps is { } rpps)
                {
                    yield return new($"liberal[{i}].RPPS", BeneficiaryKind.Rpps, rpps);
                }
            }

            yield break;
        }

        if (Structure?.FinessGeo is { Count: > 0 } establishments)
        {
            for (var i = 0; i < establishments.Count; i++)
            {
                yield return new($"structure.FINESSGeo[{i}]", BeneficiaryKind.Finess, establishments[i]);
            }
        }
        else if (Structure?.FinessJuridique is { } legalEntity)
        {
            yield return new("structure.FINESSJuridique", BeneficiaryKind.Finess, legalEntity);
        }
    }
}

/// <summary>A beneficiary named by a line: its path under <c>beneficiaires</c>, its kind (RPPS or FINESS) and identifier.</summary>
public sealed record ClaimedBeneficiary(string Field, string Kind, string Identifier)
{
    public bool IsValid => Kind == BeneficiaryKind.Rpps ? Identifiers.IsRpps(Identifier) : Identifiers.IsFiness(Identifier);

    /// <summary>"le professionnel 10101010105" or "l'établissement 750000001", for messages.</summary>
    public string Named => Kind == BeneficiaryKind.Rpps ? $"le professionnel {Identifier}" : $"l'établissement {Identifier}";
}

public sealed record Liberal(string? NomMedecin, string? EmailMedecin, string? TelephoneMedecin, [property: JsonPropertyName("RPPS")] string? Rpps);

public sealed record Structure(
    string? NomResponsable,
    string? EmailResponsable,
    [property: JsonPropertyName("FINESSJuridique")] string? FinessJuridique,
    [property: JsonPropertyName("FINESSGeo")] IReadOnlyList<string>? FinessGeo,
    string? TelephoneResponsable = null);

public sealed record PieceJustificative(string NomFichier, string? FormatFichier, string? TypeFichier);

public sealed record ScenarioInstallation(
    bool? IsCentreDeSante,
    string? OperateurMessagerie,
    bool? IsProSanteConnectNeeded,
    bool? IsDirectToDMP,
    bool? IsPFIToDMP,
    bool? IsDirectToMSSPro,
    bool? IsPFIToMSSPro,
    bool? IsDirectToMSSCitoyen,
    bool? IsPFIToMSSCitoyen)
{
    /// <summary>Each scenario asked for, with the referenced profile it needs.</summary>
    public IEnumerable<(string Field, string Profile)> Requested()
    {
        if (IsDirectToDMP == true) yield return ("isDirectToDMP", "DMP");
        if (IsPFIToDMP == true) yield return ("isPFIToDMP", "DMP_PFI");
        if (IsDirectToMSSPro == true) yield return ("isDirectToMSSPro", "MSSPRO");
        if (IsPFIToMSSPro == true) yield return ("isPFIToMSSPro", "MSSPRO_PFI");
        if (IsDirectToMSSCitoyen == true) yield return ("isDirectToMSSCitoyen", "MSSCITOYEN");
        if (IsPFIToMSSCitoyen == true) yield return ("isPFIToMSSCitoyen", "MSSCITOYEN_PFI");
        if (IsProSanteConnectNeeded == true) yield return ("isProSanteConnectNeeded", "PSC");
        if (IsCentreDeSante == true) yield return ("isCentreDeSante", "CDS");
    }
}

public static class ImportDates
{
    private static readonly string[] s_formats = ["yyyy-MM-dd", "dd/MM/yyyy"];

    public static bool TryParse(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, s_formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}

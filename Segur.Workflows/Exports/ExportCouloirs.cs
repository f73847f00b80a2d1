namespace Segur.Workflows.Exports;

/// <summary>A couloir the beneficiaries export knows: its code (as requests store it), its French label and the
/// identifier columns of its beneficiaries.</summary>
public sealed record ExportCouloir(string Code, string Label, bool Liberal, string FinessGeoHeader);

/// <summary>
/// The couloirs of the programme and how their beneficiaries are identified (docs/decisions/0110): by RPPS for the
/// liberal professions (a centre de santé by its FINESS), by FINESS for the structures — for the hospitals the
/// establishment's FINESS is the one their PMSI is reported under.
/// </summary>
public static class ExportCouloirs
{
    public static readonly IReadOnlyList<ExportCouloir> All =
    [
        new("HOPITAL", "Hôpital", false, "FINESS PMSI (géographique)"),
        new("BIOLOGIE", "Biologie", false, "FINESS géographique"),
        new("RADIOLOGIE", "Radiologie / imagerie", false, "FINESS géographique"),
        new("MEDECIN_DE_VILLE", "Médecin de ville", true, "FINESS géographique"),
        new("OFFICINE", "Officine", false, "FINESS géographique"),
        new("MS1", "Social et médico-social (MS1)", false, "FINESS géographique"),
        new("MS2", "Social et médico-social (MS2)", false, "FINESS géographique"),
        new("SAGES_FEMMES", "Sages-femmes", true, "FINESS géographique"),
        new("CHIRURGIENS_DENTISTES", "Chirurgiens-dentistes", true, "FINESS géographique"),
        new("PARAMEDICAUX", "Paramédicaux", true, "FINESS géographique"),
    ];

    public static ExportCouloir? Find(string? code) =>
        All.FirstOrDefault(c => string.Equals(c.Code, code?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The French answer to an unknown couloir, naming the known ones.</summary>
    public static string Unknown(string? code) => string.IsNullOrWhiteSpace(code)
        ? $"Paramètre « couloir » manquant : indiquez un des couloirs {string.Join(", ", All.Select(c => c.Code))}."
        : $"Paramètre « couloir » : « {code} » n'est pas un couloir connu ; couloirs possibles : {string.Join(", ", All.Select(c => c.Code))}.";
}

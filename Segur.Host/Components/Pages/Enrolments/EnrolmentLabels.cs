namespace Segur.Host.Components.Pages.Enrolments;

/// <summary>French names of the enrolment's codes: software types, couloirs, referenced profiles, enrolment types.</summary>
public static class EnrolmentLabels
{
    public static readonly IReadOnlyDictionary<string, string> SoftwareTypes = new Dictionary<string, string>
    {
        ["LGC"] = "LGC – logiciel de gestion de cabinet (médecin de ville)",
        ["DPI"] = "DPI – dossier patient informatisé (hôpital)",
        ["PFI"] = "PFI – plateforme d'intermédiation (hôpital)",
        ["RI"] = "RI – référentiel d'identités (hôpital)",
        ["LGO"] = "LGO – logiciel de gestion d'officine",
        ["SGL"] = "SGL – système de gestion de laboratoire (biologie)",
        ["RIS"] = "RIS – système d'information radiologique",
        ["DUI"] = "DUI – dossier usager informatisé (social et médico-social)",
        ["LGC_SF"] = "LGC SF – sages-femmes (vague 2)",
        ["LGC_CD"] = "LGC CD – chirurgiens-dentistes (vague 2)",
        ["LGC_PARAMEDICAUX"] = "LGC paramédicaux (vague 2)",
    };

    public static readonly IReadOnlyDictionary<string, string> Profiles = new Dictionary<string, string>
    {
        ["DMP"] = "DMP – alimentation directe",
        ["DMP_PFI"] = "DMP – via une PFI",
        ["MSSPRO"] = "MSSanté professionnelle – directe",
        ["MSSPRO_PFI"] = "MSSanté professionnelle – via une PFI",
        ["MSSCITOYEN"] = "MSSanté citoyenne – directe",
        ["MSSCITOYEN_PFI"] = "MSSanté citoyenne – via une PFI",
        ["PSC"] = "Pro Santé Connect",
        ["CDS"] = "Centre de santé",
    };

    public static string Couloir(string code) => code switch
    {
        "MEDECIN_DE_VILLE" => "Médecin de ville",
        "HOPITAL" => "Hôpital",
        "OFFICINE" => "Officine",
        "BIOLOGIE" => "Biologie",
        "RADIOLOGIE" => "Radiologie / imagerie",
        "MS1" => "Social et médico-social (MS1)",
        "MS2" => "Social et médico-social (MS2)",
        "SAGES_FEMMES" => "Sages-femmes",
        "CHIRURGIENS_DENTISTES" => "Chirurgiens-dentistes",
        "PARAMEDICAUX" => "Paramédicaux",
        _ => code,
    };

    public static string TypeEnrolement(string code) => code switch
    {
        "initial" => "Initial",
        "complementaire" => "Complémentaire",
        _ => code,
    };

    public static string SoftwareType(string code) => code.Replace('_', ' ');

    public static string Profile(string code) => Profiles.GetValueOrDefault(code, code);
}

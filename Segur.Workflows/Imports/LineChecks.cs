using Segur.Workflows.Enrolments;
using Segur.Workflows.Financing;

namespace Segur.Workflows.Imports;

/// <summary>The treatment codes written to codeTraitement in the returned file.</summary>
public static class TreatmentCodes
{
    public const string Retenue = "RETENUE";
    public const string Simulee = "VALIDE_SIMULATION";
    public const string Format = "REJET_FORMAT";
    public const string Doublon = "REJET_DOUBLON";
    public const string Date = "REJET_DATE";
    public const string Beneficiaire = "REJET_BENEFICIAIRE";
    public const string BeneficiaireDejaFinance = "REJET_BENEFICIAIRE_DEJA_FINANCE";
    public const string Scenario = "REJET_SCENARIO";
    public const string Solde = "REJET_SOLDE";
    public const string DeploiementMss = "REJET_DEPLOIEMENT_MSS";
    public const string Pieces = "REJET_PIECES";
}

public sealed record LineVerdict(string Code, string Message)
{
    public bool Retained => Code is TreatmentCodes.Retenue or TreatmentCodes.Simulee;
}

/// <summary>
/// What the checks need to know of the avance behind a solde; <paramref name="AvanceBeneficiaries"/>: the identifiers
/// (RPPS, FINESS) its avance finances, when known.
/// </summary>
public sealed record DossierState(
    string NumeroDossier, Guid AvanceId, bool Decidee, decimal? MontantPaye, bool HasSolde, IReadOnlySet<string>? AvanceBeneficiaries = null);

/// <summary>
/// The business checks of one line (after its schema check). Each failure rejects only that line, with a French
/// message naming the field. The order of checks is the order a supplier would fix them in. One instance per file: it
/// remembers the beneficiaries of the avances already retained in the file.
/// </summary>
public sealed class LineChecks(
    Enrolment enrolment, DateOnly today, IReadOnlySet<string> usedNumerosEditeur, IReadOnlyDictionary<string, DossierState> dossiers,
    IReadOnlyDictionary<string, List<HeldPrestation>> heldPrestations, ImportRules? rules = null)
{
    private readonly ImportRules _rules = rules ?? ImportRules.Default;

    private static readonly HashSet<string> s_liberalCouloirs = ["MEDECIN_DE_VILLE", "SAGES_FEMMES", "CHIRURGIENS_DENTISTES", "PARAMEDICAUX"];

    private readonly Dictionary<string, int> _financedInFile = new(StringComparer.Ordinal);

    public LineVerdict? Check(ImportLine line, string path, string type, IDictionary<string, int> seenInFile)
    {
        if (seenInFile.TryGetValue(line.NumeroEditeur, out var firstLine))
        {
            return new(TreatmentCodes.Doublon, $"{path}.numeroEditeur : « {line.NumeroEditeur} » figure déjà à la ligne {firstLine} du fichier");
        }

        seenInFile[line.NumeroEditeur] = line.NumLigne;
        if (usedNumerosEditeur.Contains(line.NumeroEditeur))
        {
            return new(TreatmentCodes.Doublon, $"{path}.numeroEditeur : « {line.NumeroEditeur} » est déjà utilisé par une de vos demandes");
        }

        if ((type == "solde") != line.IsSolde)
        {
            return new(TreatmentCodes.Format, type == "solde"
                ? $"{path}.facture : une demande de solde doit indiquer numeroASP et le bloc facture"
                : $"{path}.numeroASP : une demande d'avance n'a ni numeroASP ni bloc facture");
        }

        // A solde belongs to the dossier of its avance: it finances no new beneficiary.
        var isAvance = type != "solde";
        var verdict = CheckDocuments(line, path, type) ?? CheckDate(line, path) ?? CheckBeneficiaries(line, path) ?? (isAvance ? CheckOnePrestation(line, path) : null) ??
            CheckScenario(line, path) ?? (isAvance ? null : CheckSolde(line, path));
        if (verdict is null && isAvance)
        {
            // Only a retained line holds its beneficiaries: a rejected one does not block a later line of the file.
            foreach (var beneficiary in line.Beneficiaires.Claimed())
            {
                _financedInFile[beneficiary.Identifier] = line.NumLigne;
            }
        }

        return verdict;
    }

    /// <summary>The documents the definition requires of this type of request (rule piecesRequises), each declared by its typeFichier.</summary>
    private LineVerdict? CheckDocuments(ImportLine line, string path, string type)
    {
        var declared = (line.PiecesJustificatives ?? []).Select(p => p.TypeFichier?.Trim()).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = _rules.RequiredDocumentsOf(type).Where(t => !declared.Contains(t)).ToList();
        if (missing.Count == 0)
        {
            return null;
        }

        var kind = type == "solde" ? "de solde" : "d'avance";
        return new(TreatmentCodes.Pieces, missing.Count == 1
            ? $"{path}.piecesJustificatives : la ligne {line.NumLigne} ne déclare aucune pièce de type {missing[0]} (typeFichier), " +
              $"exigée pour une demande {kind} (règle {ImportRules.RequiredDocumentsRule})"
            : $"{path}.piecesJustificatives : la ligne {line.NumLigne} ne déclare aucune pièce des types {string.Join(", ", missing)} (typeFichier), " +
              $"exigés pour une demande {kind} (règle {ImportRules.RequiredDocumentsRule})");
    }

    private LineVerdict? CheckDate(ImportLine line, string path)
    {
        var field = $"{path}.commande.dateCommande";
        if (!ImportDates.TryParse(line.Commande.DateCommande, out var ordered))
        {
            return new(TreatmentCodes.Date, $"{field} : « {line.Commande.DateCommande} » n'est pas une date (aaaa-mm-jj ou jj/mm/aaaa)");
        }

        if (ordered > today)
        {
            return new(TreatmentCodes.Date, $"{field} : la date de commande ({ordered:dd/MM/yyyy}) est dans le futur");
        }

        var earliest = enrolment.ReferencingDate.AddDays(-_rules.MaxDaysBeforeReferencing);
        return ordered < earliest
            ? new(TreatmentCodes.Date,
                $"{field} : la commande du {ordered:dd/MM/yyyy} précède de plus de {_rules.MaxDaysBeforeReferencing} jours le référencement du logiciel ({enrolment.ReferencingDate:dd/MM/yyyy})")
            : null;
    }

    private LineVerdict? CheckBeneficiaries(ImportLine line, string path)
    {
        var beneficiaires = line.Beneficiaires;
        var liberalCouloir = s_liberalCouloirs.Contains(enrolment.Couloir);
        var centreDeSante = line.ScenarioInstallation?.IsCentreDeSante == true;
        if (beneficiaires.CommandePour == "LIBERAL")
        {
            if (!liberalCouloir)
            {
                return new(TreatmentCodes.Beneficiaire,
                    $"{path}.beneficiaires.commandePour : le couloir {enrolment.Couloir} finance des structures (FINESS), pas des professionnels libéraux");
            }

            if (beneficiaires.Liberal is not { Count: > 0 } liberals)
            {
                return new(TreatmentCodes.Beneficiaire, $"{path}.beneficiaires.liberal : au moins un professionnel (avec son RPPS) est attendu");
            }

            for (var i = 0; i < liberals.Count; i++)
            {
                if (!Identifiers.IsRpps(liberals[i].Rpps))
                {
                    return new(TreatmentCodes.Beneficiaire,
                        $"{path}.beneficiaires.liberal[{i}].RPPS : « {liberals[i].Rpps} » n'est pas un numéro RPPS valide (11 chiffres avec clé de contrôle)");
                }
            }

            return CheckClaimedOnce(line, path);
        }

        if (liberalCouloir && !centreDeSante)
        {
            return new(TreatmentCodes.Beneficiaire,
                $"{path}.beneficiaires.commandePour : pour le couloir {enrolment.Couloir}, une structure n'est financée que pour un centre de santé (scenarioInstallation.isCentreDeSante)");
        }

        var finess = beneficiaires.Structure?.FinessJuridique;
        if (!Identifiers.IsFiness(finess))
        {
            return new(TreatmentCodes.Beneficiaire,
                $"{path}.beneficiaires.structure.FINESSJuridique : « {finess} » n'est pas un numéro FINESS valide (9 chiffres avec clé de contrôle)");
        }

        return CheckClaimedOnce(line, path);
    }

    private LineVerdict? CheckClaimedOnce(ImportLine line, string path)
    {
        var count = line.Beneficiaires.Claimed().Count();
        if (count > _rules.MaxBeneficiariesPerLine)
        {
            return new(TreatmentCodes.Beneficiaire,
                $"{path}.beneficiaires : {count} bénéficiaires dans une demande, au plus {_rules.MaxBeneficiariesPerLine} (règle {ImportRules.MaxBeneficiariesRule})");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var beneficiary in line.Beneficiaires.Claimed())
        {
            var field = $"{path}.beneficiaires.{beneficiary.Field}";
            if (!beneficiary.IsValid)
            {
                return new(TreatmentCodes.Beneficiaire, beneficiary.Kind == BeneficiaryKind.Rpps
                    ? $"{field} : « {beneficiary.Identifier} » n'est pas un numéro RPPS valide (11 chiffres avec clé de contrôle)"
                    : $"{field} : « {beneficiary.Identifier} » n'est pas un numéro FINESS valide (9 chiffres avec clé de contrôle)");
            }

            if (!fields.TryAdd(beneficiary.Identifier, beneficiary.Field))
            {
                return new(TreatmentCodes.Beneficiaire, $"{field} : {beneficiary.Named} figure déjà dans cette ligne ({fields[beneficiary.Identifier]})");
            }
        }

        return null;
    }

    /// <summary>One Prestation Ségur per beneficiary per programme: this couloir and software type, whichever supplier.</summary>
    private LineVerdict? CheckOnePrestation(ImportLine line, string path)
    {
        var prestation = $"Prestation Ségur {enrolment.TypeLogiciel}";
        foreach (var beneficiary in line.Beneficiaires.Claimed())
        {
            var field = $"{path}.beneficiaires.{beneficiary.Field}";
            if (_financedInFile.TryGetValue(beneficiary.Identifier, out var earlierLine))
            {
                return new(TreatmentCodes.BeneficiaireDejaFinance,
                    $"{field} : {beneficiary.Named} est déjà le bénéficiaire de la ligne {earlierLine} du fichier (une seule {prestation} par bénéficiaire)");
            }

            // Another supplier's request that was never deposited (Non complétée) does not hold the beneficiary against
            // this one: the first deposited wins, checked again at deposit (CheckBeneficiariesFree, decision 0095).
            if (!heldPrestations.TryGetValue(beneficiary.Identifier, out var holders)
                || holders.Where(h => h.Status != FinancingStates.NonCompletee || h.SupplierId == enrolment.SupplierId).ToList() is not { Count: > 0 } held)
            {
                continue;
            }

            // Another supplier's request is never named: its number and status are that supplier's business.
            var own = held.FirstOrDefault(h => h.SupplierId == enrolment.SupplierId);
            return new(TreatmentCodes.BeneficiaireDejaFinance, own switch
            {
                null => $"{field} : {beneficiary.Named} bénéficie déjà d'une {prestation} pour ce couloir, par un autre fournisseur",
                { Status: "NonCompletee" } => $"{field} : {beneficiary.Named} bénéficie déjà d'une {prestation} pour ce couloir " +
                                              $"(votre demande {own.NumeroAsp}, non complétée : supprimez-la si elle doit être remplacée)",
                _ => $"{field} : {beneficiary.Named} bénéficie déjà d'une {prestation} pour ce couloir (votre demande {own.NumeroAsp}, {own.StatusLabel})",
            });
        }

        return null;
    }

    private LineVerdict? CheckScenario(ImportLine line, string path)
    {
        var profiles = enrolment.Profiles.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (field, profile) in line.ScenarioInstallation?.Requested() ?? [])
        {
            if (!profiles.Contains(profile))
            {
                return new(TreatmentCodes.Scenario,
                    $"{path}.scenarioInstallation.{field} : le logiciel {enrolment.NumeroAns} n'est pas référencé pour le profil {profile}");
            }
        }

        return null;
    }

    private LineVerdict? CheckSolde(ImportLine line, string path)
    {
        var dossier = Dossiers.Of(line.NumeroASP!);
        if (!dossiers.TryGetValue(dossier, out var state))
        {
            return new(TreatmentCodes.Solde, $"{path}.numeroASP : aucune avance de votre société ne porte le numéro de dossier « {line.NumeroASP} »");
        }

        if (state.HasSolde)
        {
            return new(TreatmentCodes.Doublon, $"{path}.numeroASP : le dossier {dossier} a déjà une demande de solde");
        }

        if (!state.Decidee || state.MontantPaye is null)
        {
            return new(TreatmentCodes.Solde, $"{path}.numeroASP : le solde du dossier {dossier} n'est possible qu'une fois son avance décidée et payée");
        }

        // The solde of a dossier finances the beneficiaries of its avance, none other (issue 10, item 6).
        if (state.AvanceBeneficiaries is { } financed)
        {
            foreach (var beneficiary in line.Beneficiaires.Claimed())
            {
                if (!financed.Contains(beneficiary.Identifier))
                {
                    return new(TreatmentCodes.Beneficiaire,
                        $"{path}.beneficiaires.{beneficiary.Field} : {beneficiary.Named} n'est pas un bénéficiaire de l'avance {dossier}M0 " +
                        "(un solde ne finance que les bénéficiaires de son avance)");
                }
            }
        }

        if (enrolment.Couloir is "MS1" or "MS2" && line.DeploiementMSS is not ("Cas 1" or "Cas 2"))
        {
            return new(TreatmentCodes.DeploiementMss, $"{path}.deploiementMSS : pour le couloir {enrolment.Couloir}, indiquez « Cas 1 » ou « Cas 2 »");
        }

        return null;
    }
}

/// <summary>ASP dossier numbers: the avance is the dossier + "M0", the solde the dossier + "M1".</summary>
public static class Dossiers
{
    public static string Of(string numeroAsp) =>
        numeroAsp.Length > 2 && (numeroAsp.EndsWith("M0", StringComparison.Ordinal) || numeroAsp.EndsWith("M1", StringComparison.Ordinal))
            ? numeroAsp[..^2]
            : numeroAsp;

    public static string Number(long sequence, int year) => $"ASP{year % 100:00}{sequence:0000000}";
}

using Segur.Workflows.Enrolments;
using Segur.Workflows.Financing;
using Segur.Workflows.Payments;

namespace Segur.Workflows.Engine.Versions;

/// <summary>
/// A plausible subject per subject type, for the Studio's previews. Built from the domain's own entities so that the
/// field names are exactly those the engine gives templates and guards (<c>ToFacts</c>).
/// </summary>
public static class SampleSubjects
{
    public static IReadOnlyDictionary<string, object?> For(string subjectType) => subjectType switch
    {
        "FinancingRequest" => new FinancingRequest
        {
            Id = Guid.Empty, SupplierId = Guid.Empty, NumeroAsp = "ASP2026000123M0", NumeroEditeur = "BDC-2026-042", Type = "avance",
            NumeroAns = "ANS-LGC-0001", Siret = "12345678900012", Denomination = "Éditeur Exemple", TypeLogiciel = "LGC",
            Couloir = "MEDECIN_DE_VILLE", RegimeTva = "TTC", DateCommande = new DateOnly(2026, 9, 15), MontantSegurHTDeclare = 1000m,
            EmailContact = "contact@editeur.example",
        }.ToFacts(),
        "Payment" => new Payment
        {
            NumeroAsp = "ASP2026000123M0", Type = "avance", EmailContact = "contact@editeur.example",
        }.ToFacts(),
        "Enrolment" => new Enrolment
        {
            NumeroAns = "ANS-LGC-0001", TypeEnrolement = "premier", TypeLogiciel = "LGC", Couloir = "MEDECIN_DE_VILLE", Profiles = "",
            EmailDeposant = "deposant@editeur.example", EmailRepresentantLegal = "representant@editeur.example",
        }.ToFacts(),
        _ => new Dictionary<string, object?>(),
    };
}

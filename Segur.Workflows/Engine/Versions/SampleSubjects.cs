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
    public static IReadOnlyDictionary<string, object?> For(string subjectType) => Subject(subjectType).Facts;

    /// <summary>The sample as a subject the engine can run activities on (the Studio's simulation): an entity never saved.</summary>
    public static Runtime.Subject Subject(string subjectType) => subjectType switch
    {
        "FinancingRequest" => Of(Request(), r => r.ToFacts()),
        "Payment" => Of(SamplePayment(), p => p.ToFacts()),
        "Enrolment" => Of(new Enrolment
        {
            NumeroAns = "ANS-LGC-0001", TypeEnrolement = "premier", TypeLogiciel = "LGC", Couloir = "MEDECIN_DE_VILLE", Profiles = "",
            EmailDeposant = "deposant@editeur.example", EmailRepresentantLegal = "representant@editeur.example",
        }, e => e.ToFacts()),
        _ => Runtime.Subject.None,
    };

    private static FinancingRequest Request() => new()
    {
        Id = Guid.Empty, SupplierId = Guid.Empty, NumeroAsp = "ASP2026000123M0", NumeroEditeur = "BDC-2026-042", Type = "avance",
        NumeroAns = "ANS-LGC-0001", Siret = "12345678900012", Denomination = "Éditeur Exemple", TypeLogiciel = "LGC",
        Couloir = "MEDECIN_DE_VILLE", RegimeTva = "TTC", DateCommande = new DateOnly(2026, 9, 15), MontantSegurHTDeclare = 1000m,
        EmailContact = "contact@editeur.example",
    };

    /// <summary>A versement with the request it pays: a simulated change of state is noted on it as on a real one.</summary>
    private static Payment SamplePayment()
    {
        var payment = new Payment { NumeroAsp = "ASP2026000123M0", Type = "avance", EmailContact = "contact@editeur.example" };
        payment.PaysFor(Request());
        return payment;
    }

    private static Runtime.Subject Of<T>(T entity, Func<T, IReadOnlyDictionary<string, object?>> facts) => new(entity, () => facts(entity));
}

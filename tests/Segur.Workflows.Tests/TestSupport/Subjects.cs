using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Financing;
using Segur.Workflows.Suppliers;

namespace Segur.Workflows.Tests.TestSupport;

/// <summary>Creates the subjects of a test (each test its own supplier, so tests never share data) and starts their lifecycle.</summary>
public static class Subjects
{
    public static readonly Actor Staff = new("GES-TEST", ["Gestionnaire"]);

    public static Actor SupplierActor(Guid supplierId) => new("FRN-TEST", ["Fournisseur"], supplierId.ToString());

    public static async Task<Supplier> NewSupplierAsync(EngineHost host)
    {
        var now = host.Clock.GetUtcNow().UtcDateTime;
        var supplier = new Supplier
        {
            Id = Guid.NewGuid(),
            Siret = Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999).ToString(),
            Denomination = "Éditeur Test",
            Address = "1 rue du Test, 75001 Paris",
            ContactEmail = $"contact-{Guid.NewGuid():N}@editeur.example",
            CreatedAt = now,
        };
        await using var db = host.NewContext();
        db.Suppliers.Add(supplier);
        await db.SaveChangesAsync();
        return supplier;
    }

    public static async Task<(FinancingRequest Request, Guid Instance, Actor Supplier)> NewRequestAsync(
        EngineHost host,
        string type = RequestType.Avance,
        string typeLogiciel = "LGC",
        decimal declaredHT = 1000m,
        string regimeTva = "TTC",
        decimal? invoiceHT = null,
        decimal? advancePaid = null)
    {
        var supplier = await NewSupplierAsync(host);
        var request = new FinancingRequest
        {
            Id = Guid.NewGuid(),
            SupplierId = supplier.Id,
            NumeroAsp = "ASP" + Random.Shared.NextInt64(1_000_000_000, 9_999_999_999) + (type == RequestType.Avance ? "M0" : "M1"),
            NumeroEditeur = "BDC-" + Guid.NewGuid().ToString("N")[..8],
            Type = type,
            NumeroAns = "ANS-TEST-0001",
            Siret = supplier.Siret,
            Denomination = supplier.Denomination,
            TypeLogiciel = typeLogiciel,
            Couloir = "MEDECIN_DE_VILLE",
            RegimeTva = regimeTva,
            DateCommande = new DateOnly(2026, 9, 15),
            MontantSegurHTDeclare = declaredHT,
            MontantFactureHT = invoiceHT,
            MontantAvanceVerse = advancePaid,
            EmailContact = supplier.ContactEmail,
            CreatedAt = host.Clock.GetUtcNow().UtcDateTime,
        };
        await using (var db = host.NewContext())
        {
            db.FinancingRequests.Add(request);
            await db.SaveChangesAsync();
        }

        var actor = SupplierActor(supplier.Id);
        var instance = await host.Runtime.StartAsync("financing-request", request.Id.ToString(), actor);
        return (request, instance, actor);
    }

    public static async Task<(Enrolment Enrolment, Guid Instance, Actor Supplier)> NewEnrolmentAsync(EngineHost host)
    {
        var supplier = await NewSupplierAsync(host);
        var enrolment = new Enrolment
        {
            Id = Guid.NewGuid(),
            SupplierId = supplier.Id,
            NumeroAns = "ANS-" + Guid.NewGuid().ToString("N")[..10],
            TypeEnrolement = "initial",
            TypeLogiciel = "LGC",
            Couloir = "MEDECIN_DE_VILLE",
            ReferencingDate = new DateOnly(2026, 6, 1),
            Profiles = "DMP,MSSPRO",
            EmailDeposant = supplier.ContactEmail,
            EmailRepresentantLegal = supplier.ContactEmail,
            CreatedAt = host.Clock.GetUtcNow().UtcDateTime,
        };
        await using (var db = host.NewContext())
        {
            db.Enrolments.Add(enrolment);
            await db.SaveChangesAsync();
        }

        var actor = SupplierActor(supplier.Id);
        return (enrolment, await host.Runtime.StartAsync("enrolment", enrolment.Id.ToString(), actor), actor);
    }

    public static Task<FireResult> FireAsync(this EngineHost host, Guid instance, string trigger, Actor actor, params (string Name, object? Value)[] input) =>
        host.Runtime.FireAsync(new FireRequest(instance, trigger, actor)
        {
            Input = input.Length == 0 ? null : input.ToDictionary(i => i.Name, i => i.Value),
        });
}

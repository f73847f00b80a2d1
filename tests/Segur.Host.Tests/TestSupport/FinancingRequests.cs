using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.TestSupport;

/// <summary>Financing requests of a demo supplier, started on their real "financing-request" lifecycle.</summary>
public static class FinancingRequests
{
    /// <summary>Creates an avance and starts its lifecycle: it is "Non complétée" until <see cref="CompleteAsync"/>.</summary>
    public static async Task<Guid> CreateAsync(SegurApp app, DemoSupplier demo, string numeroEditeur)
    {
        var services = app.Services;
        await using var db = services.GetRequiredService<SegurDatabase>().CreateContext();
        var supplier = await db.Suppliers.AsNoTracking().SingleAsync(s => s.Siret == demo.Siret);
        var enrolment = await db.Enrolments.AsNoTracking().SingleAsync(e => e.NumeroAns == demo.NumeroAns);
        var request = new FinancingRequest
        {
            Id = Guid.CreateVersion7(),
            SupplierId = supplier.Id,
            EnrolmentId = enrolment.Id,
            NumeroAsp = "TEST-" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant() + "-M0",
            NumeroEditeur = numeroEditeur,
            Type = RequestType.Avance,
            NumeroAns = demo.NumeroAns,
            Siret = demo.Siret,
            Denomination = demo.Denomination,
            TypeLogiciel = enrolment.TypeLogiciel,
            Couloir = enrolment.Couloir,
            RegimeTva = "HT",
            DateCommande = new DateOnly(2026, 9, 15),
            MontantSegurHTDeclare = 1200m,
            EmailContact = "contact@editeur.example",
            CreatedAt = DateTime.UtcNow,
        };
        db.FinancingRequests.Add(request);
        await db.SaveChangesAsync();

        await services.GetRequiredService<WorkflowRuntime>().StartAsync("financing-request", request.Id.ToString(), Supplier(demo, supplier.Id));
        return request.Id;
    }

    /// <summary>The supplier adds the documents: the request goes "En cours".</summary>
    public static async Task CompleteAsync(SegurApp app, DemoSupplier demo, Guid requestId)
    {
        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var instance = await db.WorkflowInstances.AsNoTracking()
            .SingleAsync(i => i.SubjectType == "FinancingRequest" && i.SubjectId == requestId.ToString());
        var supplierId = await db.FinancingRequests.Where(r => r.Id == requestId).Select(r => r.SupplierId).SingleAsync();
        await app.Services.GetRequiredService<WorkflowRuntime>().FireAsync(new FireRequest(instance.Id, "CompleterPieces", Supplier(demo, supplierId)));
    }

    public static async Task<string> NumeroAspAsync(SegurApp app, Guid requestId)
    {
        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        return await db.FinancingRequests.Where(r => r.Id == requestId).Select(r => r.NumeroAsp).SingleAsync();
    }

    private static Actor Supplier(DemoSupplier demo, Guid supplierId) => new(demo.Uid, [Roles.Fournisseur], supplierId.ToString());
}

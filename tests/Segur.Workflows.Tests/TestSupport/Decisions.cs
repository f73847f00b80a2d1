using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Budget;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Financing;

namespace Segur.Workflows.Tests.TestSupport;

/// <summary>Requests brought to "Validée", and the seeded Médecin de ville envelope set to what a test needs.</summary>
public static class Decisions
{
    /// <summary>The seeded envelope covering the test requests (couloir MEDECIN_DE_VILLE, 2026) and its amount.</summary>
    public const string Envelope = "MDV-2026";
    public const decimal EnvelopeAmount = 12_000_000m;

    /// <summary>An avance of 1 000 € HT in the TTC regime, validated: its decided amount is 360 €.</summary>
    public static async Task<(FinancingRequest Request, Guid Instance)> ValidatedAsync(EngineHost host)
    {
        var (request, instance, supplier) = await Subjects.NewRequestAsync(host, declaredHT: 1000m, regimeTva: "TTC");
        await host.FireAsync(instance, "CompleterPieces", supplier);
        await host.FireAsync(instance, "Valider", Subjects.Staff);
        return (request, instance);
    }

    /// <summary>Makes the envelope's remaining amount <paramref name="remaining"/>, as if other decisions had used the rest.</summary>
    public static async Task LeaveInEnvelopeAsync(EngineHost host, decimal remaining)
    {
        await using var db = host.NewContext();
        await db.BudgetEnvelopes.Where(e => e.Code == Envelope).ExecuteDeleteAsync();
        db.BudgetEnvelopes.Add(new BudgetEnvelope { Code = Envelope, EngagedCents = Euros.ToCents(EnvelopeAmount - remaining) });
        await db.SaveChangesAsync();
    }

    public static async Task<decimal> EngagedAsync(EngineHost host)
    {
        await using var db = host.NewContext();
        return Euros.FromCents(await db.BudgetEnvelopes.Where(e => e.Code == Envelope).Select(e => e.EngagedCents).SingleOrDefaultAsync());
    }

    public static async Task<Guid> PaymentInstanceAsync(EngineHost host, Guid requestId)
    {
        await using var db = host.NewContext();
        var paymentId = (await db.Payments.AsNoTracking().SingleAsync(p => p.RequestId == requestId)).Id.ToString();
        return (await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.SubjectType == "Payment" && i.SubjectId == paymentId)).Id;
    }

    public static Task<FireResult> DecideAsync(EngineHost host, Guid instance) => host.FireAsync(instance, "Decider", Subjects.Staff);
}

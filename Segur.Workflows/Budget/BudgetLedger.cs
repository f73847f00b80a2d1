using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Budget;

/// <summary>What a decision drew from its envelope.</summary>
public sealed record EnvelopeDraw(EnvelopeRule Envelope, decimal Amount, decimal RemainingAfter);

/// <summary>
/// Engages decided amounts on the budget envelopes, inside the fire's transaction. The envelope's row is changed by one
/// conditional UPDATE ("add the amount where the total stays within the envelope"): on PostgreSQL a second decision on
/// the same envelope waits for the first one's row lock and then re-reads the row, so it sees the first amount; on
/// SQLite the writer loop runs one write at a time. Either way two decisions cannot both pass over the envelope.
/// </summary>
public sealed class BudgetLedger(IServiceProvider services)
{
    // Resolved at use: the catalog compiles definitions with the activities, one of which needs this ledger.
    private DefinitionCatalog Catalog => services.GetRequiredService<DefinitionCatalog>();

    /// <summary>
    /// Engages the request's decided amount on the envelope that covers it today. The envelopes are read from the latest
    /// published version of <paramref name="definitionId"/>, whatever version the request runs on: the budget is one for
    /// every request, and an analyst's change of an envelope applies to the next decision.
    /// </summary>
    public async Task<EnvelopeDraw> EngageAsync(
        SegurDbContext db, FinancingRequest request, string definitionId, DateTime now, string actorId, CancellationToken ct)
    {
        var envelopes = EnvelopeRule.From((await Catalog.GetLatestPublishedAsync(definitionId, ct)).Rules);
        var day = ParisDays.DayOf(now);
        var amount = request.MontantDecide ?? throw new BusinessRuleException(
            $"La demande {request.NumeroAsp} n'a pas de montant décidé : validez-la avant de la décider.");
        var envelope = EnvelopeRule.Find(envelopes, request.Couloir, request.TypeLogiciel, day) ?? throw new BusinessRuleException(
            $"Décision refusée : aucune enveloppe budgétaire n'est ouverte le {day:dd/MM/yyyy} pour le couloir {request.Couloir} " +
            $"(logiciel {request.TypeLogiciel}) de la demande {request.NumeroAsp} (règle {EnvelopeRule.RuleName} de la définition).");

        var cents = Euros.ToCents(amount);
        var limit = Euros.ToCents(envelope.Montant);
        await EnsureRowAsync(db, envelope.Code, ct);
        var changed = await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE \"BudgetEnvelopes\" SET \"EngagedCents\" = \"EngagedCents\" + {cents} WHERE \"Code\" = {envelope.Code} AND \"EngagedCents\" + {cents} <= {limit}",
            ct);
        var engaged = await EngagedCentsAsync(db, envelope.Code, ct);
        var remaining = Euros.FromCents(limit - engaged);
        if (changed == 0)
        {
            throw new BusinessRuleException(
                $"Décision refusée : l'enveloppe budgétaire « {envelope.Libelle} » ({envelope.Code}) serait dépassée. " +
                $"Il y reste {Euros.Format(Math.Max(0, remaining))} et la demande {request.NumeroAsp} a un montant décidé de {Euros.Format(amount)}.");
        }

        db.EnvelopeEngagements.Add(new EnvelopeEngagement
        {
            RequestId = request.Id,
            EnvelopeCode = envelope.Code,
            EnvelopeLabel = envelope.Libelle,
            AmountCents = cents,
            EngagedAt = now,
            EngagedBy = actorId,
        });
        return new EnvelopeDraw(envelope, amount, remaining);
    }

    /// <summary>
    /// Gives a decided request's engaged amount back to the envelope it was drawn on (cancellation after a total recovery
    /// order: the money comes back, docs/decisions/0062-recovery-gives-the-envelope-back.md), in the fire's transaction.
    /// Returns null when nothing was engaged for the request (nothing to give back).
    /// </summary>
    public static async Task<EnvelopeEngagement?> ReleaseAsync(SegurDbContext db, Guid requestId, CancellationToken ct)
    {
        var engagement = await db.EnvelopeEngagements.SingleOrDefaultAsync(e => e.RequestId == requestId, ct);
        if (engagement is null)
        {
            return null;
        }

        await db.Database.ExecuteSqlInterpolatedAsync(
            $"UPDATE \"BudgetEnvelopes\" SET \"EngagedCents\" = \"EngagedCents\" - {engagement.AmountCents} WHERE \"Code\" = {engagement.EnvelopeCode}",
            ct);
        db.EnvelopeEngagements.Remove(engagement);
        return engagement;
    }

    /// <summary>
    /// What <see cref="EngageAsync"/> would do, read only (a Studio simulation): the envelope, the amount and what would remain,
    /// or the same refusal. The envelopes are those of <paramref name="rules"/>: the simulated version's.
    /// </summary>
    public static async Task<EnvelopeDraw> PreviewAsync(
        SegurDbContext db, FinancingRequest request, IReadOnlyDictionary<string, object?> rules, DateTime now, CancellationToken ct)
    {
        var day = ParisDays.DayOf(now);
        var amount = request.MontantDecide ?? throw new BusinessRuleException(
            $"La demande {request.NumeroAsp} n'a pas de montant décidé : validez-la avant de la décider.");
        var envelope = EnvelopeRule.Find(EnvelopeRule.From(rules), request.Couloir, request.TypeLogiciel, day) ?? throw new BusinessRuleException(
            $"Décision refusée : aucune enveloppe budgétaire n'est ouverte le {day:dd/MM/yyyy} pour le couloir {request.Couloir} " +
            $"(logiciel {request.TypeLogiciel}) de la demande {request.NumeroAsp} (règle {EnvelopeRule.RuleName} de la définition).");
        var engaged = await db.BudgetEnvelopes.AsNoTracking().Where(e => e.Code == envelope.Code).Select(e => (long?)e.EngagedCents).SingleOrDefaultAsync(ct) ?? 0;
        var remaining = Euros.FromCents(Euros.ToCents(envelope.Montant) - engaged - Euros.ToCents(amount));
        if (remaining < 0)
        {
            throw new BusinessRuleException(
                $"Décision refusée : l'enveloppe budgétaire « {envelope.Libelle} » ({envelope.Code}) serait dépassée. " +
                $"Il y reste {Euros.Format(Euros.FromCents(Euros.ToCents(envelope.Montant) - engaged))} et la demande {request.NumeroAsp} a un montant décidé de {Euros.Format(amount)}.");
        }

        return new EnvelopeDraw(envelope, amount, remaining);
    }

    /// <summary>Cents engaged per envelope code (0 for an envelope nothing was decided on yet).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> EngagedAsync(SegurDbContext db, CancellationToken ct) =>
        await db.BudgetEnvelopes.AsNoTracking().ToDictionaryAsync(e => e.Code, e => e.EngagedCents, ct);

    private static Task<long> EngagedCentsAsync(SegurDbContext db, string code, CancellationToken ct) =>
        db.BudgetEnvelopes.AsNoTracking().Where(e => e.Code == code).Select(e => e.EngagedCents).SingleAsync(ct);

    /// <summary>The envelope's row, created at its first decision; two first decisions at once create it once.</summary>
    private static Task<int> EnsureRowAsync(SegurDbContext db, string code, CancellationToken ct) => db is SqlServerSegurDbContext
        ? db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"BudgetEnvelopes\" (\"Code\", \"EngagedCents\") SELECT {code}, 0 WHERE NOT EXISTS (SELECT 1 FROM \"BudgetEnvelopes\" WITH (UPDLOCK, HOLDLOCK) WHERE \"Code\" = {code})",
            ct)
        : db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"BudgetEnvelopes\" (\"Code\", \"EngagedCents\") VALUES ({code}, 0) ON CONFLICT (\"Code\") DO NOTHING",
            ct);
}

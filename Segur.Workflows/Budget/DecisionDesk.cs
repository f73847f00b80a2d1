using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Budget;

/// <summary>A validated request waiting for its decision, with the envelope it would draw on today.</summary>
public sealed record ValidatedRequest(
    Guid Id, string NumeroAsp, string NumeroEditeur, string Denomination, string Siret, string Type, string Couloir, string TypeLogiciel,
    decimal MontantDecide, string? EnvelopeCode);

/// <summary>What a bulk decision did: nothing when the selection exceeds an envelope (<see cref="Refusal"/>), else one outcome per request.</summary>
public sealed record BulkDecision(string? Refusal, IReadOnlyList<BatchOutcome> Outcomes)
{
    public int Decided => Outcomes.Count(o => o.Succeeded);
}

/// <summary>
/// Staff decide validated requests in bulk. The selection's total is first checked against what remains of each envelope:
/// over it, nothing is decided and staff are told by how much. Within it, each request is decided by its own fire (its
/// journal entry, its e-mail, its documents), and each result is reported; the ledger still refuses a request whose
/// envelope another decision filled meanwhile (docs/decisions/0071-bulk-decisions-and-payments.md).
/// </summary>
public sealed class DecisionDesk(SegurDatabase database, WorkflowRuntime runtime, EnvelopeQueries envelopes, TimeProvider clock)
{
    public const string ValidatedState = "Validee";
    public const string DecideTrigger = "Decider";
    private const string SubjectType = "FinancingRequest";

    public async Task<IReadOnlyList<ValidatedRequest>> ListAsync(CancellationToken ct = default)
    {
        var rules = await envelopes.RulesAsync(ct);
        var today = ParisDays.DayOf(clock.GetUtcNow().UtcDateTime);
        await using var db = database.CreateContext();
        var rows = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.Status == ValidatedState && r.DeletedAt == null && r.MontantDecide != null)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.NumeroAsp)
            .Select(r => new { r.Id, r.NumeroAsp, r.NumeroEditeur, r.Denomination, r.Siret, r.Type, r.Couloir, r.TypeLogiciel, r.MontantDecide })
            .ToListAsync(ct);
        return rows.Select(r => new ValidatedRequest(
            r.Id, r.NumeroAsp, r.NumeroEditeur, r.Denomination, r.Siret, r.Type, r.Couloir, r.TypeLogiciel, r.MontantDecide!.Value,
            EnvelopeRule.Find(rules, r.Couloir, r.TypeLogiciel, today)?.Code)).ToList();
    }

    /// <summary>Decides the selected requests (by numéro ASP), in the order given.</summary>
    public async Task<BulkDecision> DecideAsync(Actor actor, IReadOnlyCollection<string> numerosAsp, CancellationToken ct = default)
    {
        var selected = (await ListAsync(ct)).Where(r => numerosAsp.Contains(r.NumeroAsp)).ToList();
        var gone = numerosAsp.Where(n => selected.All(r => r.NumeroAsp != n))
            .Select(n => new BatchOutcome(n, false, "Cette demande n'est plus « Validée » : rien n'a été fait."))
            .ToList();

        var views = (await envelopes.ListAsync(ct)).ToDictionary(e => e.Code);
        var over = selected.Where(r => r.EnvelopeCode is not null).GroupBy(r => r.EnvelopeCode!)
            .Select(g => (Envelope: views[g.Key], Total: g.Sum(r => r.MontantDecide), Count: g.Count()))
            .Where(g => g.Total > g.Envelope.Restant)
            .ToList();
        if (over.Count > 0)
        {
            return new BulkDecision(
                "Aucune demande n'a été décidée : " + string.Join(" ; ", over.Select(g =>
                    $"les {g.Count} demandes choisies sur l'enveloppe « {g.Envelope.Libelle} » ({g.Envelope.Code}) totalisent {Euros.Format(g.Total)}, " +
                    $"il n'y reste que {Euros.Format(Math.Max(0, g.Envelope.Restant))}")) + ". Retirez des demandes de la sélection.",
                []);
        }

        var outcomes = await BatchFire.RunAsync(
            runtime, database, SubjectType, DecideTrigger, actor,
            selected.Select(r => new BatchFire.Item(r.NumeroAsp, r.Id.ToString())).ToList(),
            result => $"Statut : {result.ToStateLabel}.", ct);
        return new BulkDecision(null, [.. outcomes, .. gone]);
    }
}

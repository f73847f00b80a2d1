using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>What one action of a batch did to one request or versement.</summary>
public sealed record BatchOutcome(string NumeroAsp, bool Succeeded, string Message);

/// <summary>
/// Fires one trigger on each subject of a batch, one fire (one transaction, one journal entry) after the other, and
/// reports each: a refusal of one does not undo the others (docs/decisions/0071-bulk-decisions-and-payments.md).
/// </summary>
public static class BatchFire
{
    public sealed record Item(string NumeroAsp, string SubjectId, IReadOnlyDictionary<string, object?>? Input = null);

    public static async Task<IReadOnlyList<BatchOutcome>> RunAsync(
        WorkflowRuntime runtime, SegurDatabase database, string subjectType, string trigger, Actor actor,
        IReadOnlyList<Item> items, Func<FireResult, string> success, CancellationToken ct)
    {
        var subjectIds = items.Select(i => i.SubjectId).ToList();
        Dictionary<string, Guid> instances;
        await using (var db = database.CreateContext())
        {
            instances = await db.WorkflowInstances.AsNoTracking()
                .Where(i => i.SubjectType == subjectType && subjectIds.Contains(i.SubjectId))
                .ToDictionaryAsync(i => i.SubjectId, i => i.Id, ct);
        }

        var outcomes = new List<BatchOutcome>(items.Count);
        foreach (var item in items)
        {
            if (!instances.TryGetValue(item.SubjectId, out var instance))
            {
                outcomes.Add(new BatchOutcome(item.NumeroAsp, false, "Introuvable : rien n'a été fait."));
                continue;
            }

            try
            {
                var result = await runtime.FireAsync(new FireRequest(instance, trigger, actor) { Input = item.Input }, ct);
                outcomes.Add(new BatchOutcome(item.NumeroAsp, true, success(result)));
            }
            catch (WorkflowException ex)
            {
                outcomes.Add(new BatchOutcome(item.NumeroAsp, false, ex.Message));
            }
        }

        return outcomes;
    }
}

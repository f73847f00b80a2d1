using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Versions;

/// <summary>Which states of the old version become which states of the new one; unmapped states keep their code.</summary>
public sealed record MigrationPlan(string DefinitionId, int FromVersion, int ToVersion, IReadOnlyDictionary<string, string> StateMapping);

public sealed record MigrationLine(Guid InstanceId, string SubjectId, string FromState, string ToState, string? Problem);

/// <summary>
/// Moves running instances from one published version to another: an explicit step, previewed on the live
/// instances first, refused as a whole if one instance cannot move, applied in one transaction with a journal
/// entry per instance. Timers and open tasks that the new state does not declare are dropped.
/// </summary>
public sealed class InstanceMigrator(SegurDatabase database, DefinitionCatalog catalog, DatabaseWriter writer, TimeProvider clock)
{
    public const string MigrateTrigger = "Migrer";

    public async Task<IReadOnlyList<MigrationLine>> PreviewAsync(MigrationPlan plan, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await PlanAsync(db, plan, ct);
    }

    public async Task<int> MigrateAsync(MigrationPlan plan, Actor actor, CancellationToken ct = default)
    {
        return await writer.WriteAsync(async scope =>
        {
            var db = scope.Db;
            var lines = await PlanAsync(db, plan, ct);
            var problems = lines.Where(l => l.Problem is not null).ToList();
            if (problems.Count > 0)
            {
                throw new WorkflowException("Migration refusée, rien n'a été modifié :\n" +
                    string.Join("\n", problems.Select(p => $"- instance {p.InstanceId} ({p.FromState}) : {p.Problem}")));
            }

            var target = await catalog.GetAsync(plan.DefinitionId, plan.ToVersion, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var ids = lines.Select(l => l.InstanceId).ToList();
            var instances = await db.WorkflowInstances.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
            foreach (var line in lines)
            {
                var instance = instances[line.InstanceId];
                instance.State = line.ToState;
                instance.DefinitionVersion = plan.ToVersion;
                instance.Version++;
                instance.UpdatedAt = now;
                var state = target.State(line.ToState);
                var timerTriggers = state.Timers.Select(t => t.Trigger).ToList();
                await db.WorkflowTimers.Where(t => t.InstanceId == line.InstanceId && !timerTriggers.Contains(t.Trigger)).ExecuteDeleteAsync(ct);
                var taskCodes = state.Definition.Tasks.Select(t => t.Code).ToList();
                await db.StaffTasks.Where(t => t.InstanceId == line.InstanceId && t.Status == StaffTaskStatus.Open && !taskCodes.Contains(t.Code))
                    .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, StaffTaskStatus.Cancelled).SetProperty(t => t.CompletedAt, now), ct);
                db.WorkflowJournal.Add(new JournalEntry
                {
                    InstanceId = line.InstanceId, At = now, ActorId = actor.Id, Trigger = MigrateTrigger, FromState = line.FromState,
                    ToState = line.ToState, Version = instance.Version, Details = $"{{\"from\":{plan.FromVersion},\"to\":{plan.ToVersion}}}",
                });
            }

            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                throw new WorkflowException("Une instance a changé pendant la migration : rien n'a été modifié, relancez l'aperçu.", ex);
            }

            return lines.Count;
        }, ct);
    }

    private async Task<IReadOnlyList<MigrationLine>> PlanAsync(SegurDbContext db, MigrationPlan plan, CancellationToken ct)
    {
        var target = await catalog.GetAsync(plan.DefinitionId, plan.ToVersion, ct);
        var instances = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionId == plan.DefinitionId && i.DefinitionVersion == plan.FromVersion)
            .OrderBy(i => i.CreatedAt)
            .Select(i => new { i.Id, i.SubjectId, i.State })
            .ToListAsync(ct);
        return instances.Select(i =>
        {
            var to = plan.StateMapping.GetValueOrDefault(i.State, i.State);
            var problem = target.HasState(to) ? null : $"l'état « {to} » n'existe pas dans la version {plan.ToVersion}";
            return new MigrationLine(i.Id, i.SubjectId, i.State, to, problem);
        }).ToList();
    }
}

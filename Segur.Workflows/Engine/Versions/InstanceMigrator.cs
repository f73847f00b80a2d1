using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Expressions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Simulation;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Versions;

/// <summary>Which states of the old version become which states of the new one; unmapped states keep their code.</summary>
public sealed record MigrationPlan(string DefinitionId, int FromVersion, int ToVersion, IReadOnlyDictionary<string, string> StateMapping)
{
    /// <summary>The instances the analyst saw in the preview: when given, a migration that would move others is refused.</summary>
    public IReadOnlyCollection<Guid>? Previewed { get; init; }

    /// <summary>When given, only the instances in these states move (publishing moves the instances of the states it removes).</summary>
    public IReadOnlyCollection<string>? OnlyStates { get; init; }
}

/// <summary>One instance a migration would move; <paramref name="Reference"/> is the number users know (numéro ASP, numéro ANS).</summary>
public sealed record MigrationLine(Guid InstanceId, string SubjectId, string Reference, string FromState, string ToState, string? Problem);

/// <summary>
/// Moves running instances from one published version to another: an explicit step, previewed on the live
/// instances first, refused as a whole if one instance cannot move, applied in one transaction with a journal
/// entry per instance. Each instance enters its new state as a fire would (decision 0101): the subject's status
/// follows, the new state's timers and tasks are armed, those the new state does not declare are dropped; a timer
/// or an open task the new state keeps (same state, same trigger or code) keeps its due date and its claim. The
/// state's entry activities are not run: a migration is not a business event (no e-mail goes out).
/// </summary>
public sealed class InstanceMigrator(
    SegurDatabase database, DefinitionCatalog catalog, SubjectSources subjects, SubjectReferences references, DatabaseWriter writer, TimeProvider clock)
{
    public const string MigrateTrigger = "Migrer";

    public async Task<IReadOnlyList<MigrationLine>> PreviewAsync(MigrationPlan plan, CancellationToken ct = default)
    {
        var target = await catalog.GetAsync(plan.DefinitionId, plan.ToVersion, ct);
        await using var db = database.CreateContext();
        return await PreviewAsync(db, plan, target, ct);
    }

    public async Task<int> MigrateAsync(MigrationPlan plan, Actor actor, CancellationToken ct = default)
    {
        var target = await catalog.GetAsync(plan.DefinitionId, plan.ToVersion, ct);
        return await writer.WriteAsync(scope => MoveAsync(scope.Db, plan, target, actor, ct), ct);
    }

    /// <summary>
    /// Inside a write of the caller (publishing a draft and moving its instances is one write): moves the instances of
    /// <paramref name="plan"/> into <paramref name="target"/>, which may not be saved yet. Refused, with nothing moved,
    /// when an instance cannot move or the instances differ from the preview.
    /// </summary>
    internal async Task<int> MoveAsync(SegurDbContext db, MigrationPlan plan, CompiledDefinition target, Actor actor, CancellationToken ct)
    {
        var lines = await PreviewAsync(db, plan, target, ct);
        if (plan.Previewed is { } previewed && !previewed.ToHashSet().SetEquals(lines.Select(l => l.InstanceId)))
        {
            throw new WorkflowException("Migration refusée, rien n'a été modifié : les dossiers à déplacer de la version " +
                $"{plan.FromVersion} ont changé depuis l'aperçu ({lines.Count} aujourd'hui, {previewed.Count} dans l'aperçu). Relancez l'aperçu.");
        }

        var problems = lines.Where(l => l.Problem is not null).ToList();
        if (problems.Count > 0)
        {
            throw new WorkflowException("Migration refusée, rien n'a été modifié :\n" +
                string.Join("\n", problems.Select(p => $"- dossier {p.Reference} ({p.FromState}) : {p.Problem}")));
        }

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
            var reports = await EnterAsync(db, target, instance, line.Reference, actor, now, ct);
            db.WorkflowJournal.Add(new JournalEntry
            {
                InstanceId = line.InstanceId, At = now, ActorId = actor.Id, Trigger = MigrateTrigger, FromState = line.FromState,
                ToState = line.ToState, Version = instance.Version,
                Details = System.Text.Json.JsonSerializer.Serialize(new { from = plan.FromVersion, to = plan.ToVersion, reports }, OutboxJson.Options),
            });
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new WorkflowException("Un dossier a changé pendant la migration : rien n'a été modifié, relancez l'aperçu.", ex);
        }

        return lines.Count;
    }

    /// <summary>The instance enters <see cref="WorkflowInstance.State"/> of <paramref name="target"/>: subject status, timers, tasks.</summary>
    private async Task<List<string>> EnterAsync(
        SegurDbContext db, CompiledDefinition target, WorkflowInstance instance, string reference, Actor actor, DateTime now, CancellationToken ct)
    {
        var reports = new List<string>();
        var state = target.State(instance.State);
        var subject = await subjects.LoadAsync(db, instance.SubjectType, instance.SubjectId, ct);
        (subject.Entity as IWorkflowSubject)?.OnStateEntered(target.Id, state.Code, state.Label);

        var timers = await db.WorkflowTimers.Where(t => t.InstanceId == instance.Id).ToListAsync(ct);
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var timer in timers)
        {
            if (timer.State == state.Code && state.Timers.Any(t => t.Trigger == timer.Trigger) && kept.Add(timer.Trigger))
            {
                continue;
            }

            db.WorkflowTimers.Remove(timer);
            reports.Add($"Minuterie retirée : « {timer.Trigger} »");
        }

        var scope = new ExpressionScope(() => new Dictionary<string, object?>
        {
            ["subject"] = subject.Facts,
            ["rules"] = target.Rules,
            ["actor"] = actor.ToData(),
            ["input"] = new Dictionary<string, object?>(),
            ["instance"] = new Dictionary<string, object?>
            {
                ["id"] = instance.Id, ["state"] = state.Code, ["stateLabel"] = state.Label, ["version"] = instance.Version,
            },
        });
        foreach (var timer in state.Timers.Where(t => !kept.Contains(t.Trigger)))
        {
            TimeSpan delay;
            try
            {
                delay = timer.DelayIn(scope);
            }
            catch (ExpressionFailedException ex)
            {
                throw new WorkflowException($"Migration refusée, rien n'a été modifié : la minuterie « {timer.Trigger} » du dossier {reference} ne se calcule pas ({ex.Message}).", ex);
            }

            var due = now + delay;
            db.WorkflowTimers.Add(new WorkflowTimer { Id = Guid.CreateVersion7(now), InstanceId = instance.Id, State = state.Code, Trigger = timer.Trigger, DueAt = due });
            reports.Add($"Minuterie : « {timer.Trigger} » le {ParisDays.ToParis(due):dd/MM/yyyy à HH:mm} (heure de Paris)");
        }

        var open = await db.StaffTasks.Where(t => t.InstanceId == instance.Id && t.Status == StaffTaskStatus.Open).ToListAsync(ct);
        foreach (var task in open.Where(t => t.State != state.Code || state.Definition.Tasks.All(d => d.Code != t.Code)))
        {
            task.Status = StaffTaskStatus.Cancelled;
            task.CompletedAt = now;
            reports.Add($"Tâche annulée : « {task.Label} »");
        }

        foreach (var task in state.Definition.Tasks.Where(d => !open.Any(t => t.State == state.Code && t.Code == d.Code)))
        {
            db.StaffTasks.Add(new StaffTask
            {
                Id = Guid.CreateVersion7(now), InstanceId = instance.Id, State = state.Code, Code = task.Code, Label = task.Label,
                Roles = string.Join(',', task.Roles), CreatedAt = now, DueAt = task.DueIn is null ? null : now + Durations.Parse(task.DueIn),
                Status = StaffTaskStatus.Open,
            });
            reports.Add($"Tâche créée : « {task.Label} »");
        }

        return reports;
    }

    /// <summary>The instances <paramref name="plan"/> would move, in the order they started, named by their subject's number.</summary>
    internal async Task<IReadOnlyList<MigrationLine>> PreviewAsync(SegurDbContext db, MigrationPlan plan, CompiledDefinition target, CancellationToken ct)
    {
        var only = plan.OnlyStates?.ToList();
        var instances = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionId == plan.DefinitionId && i.DefinitionVersion == plan.FromVersion && (only == null || only.Contains(i.State)))
            .OrderBy(i => i.CreatedAt)
            .Select(i => new { i.Id, i.SubjectType, i.SubjectId, i.State })
            .ToListAsync(ct);
        var names = instances.Count == 0
            ? new Dictionary<string, string>()
            : await references.NamesAsync(db, instances[0].SubjectType, instances.Select(i => i.SubjectId).ToList(), ct);
        return instances.Select(i =>
        {
            var to = plan.StateMapping.GetValueOrDefault(i.State, i.State);
            var problem = target.HasState(to) ? null : $"l'état « {to} » n'existe pas dans la version {plan.ToVersion}";
            return new MigrationLine(i.Id, i.SubjectId, names.GetValueOrDefault(i.SubjectId, i.SubjectId), i.State, to, problem);
        }).ToList();
    }
}

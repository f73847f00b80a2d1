using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Expressions;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Telemetry;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Runtime;

/// <summary>
/// Starts instances and fires triggers. A fire is one transaction: activities, state change, journal entry,
/// outbox messages, timers and tasks are saved together or not at all, with optimistic concurrency on the
/// instance. A failing activity or expression rolls everything back and leaves an incident to retry.
/// </summary>
public sealed class WorkflowRuntime(
    SegurDatabase database,
    DefinitionCatalog catalog,
    SubjectSources subjects,
    DatabaseWriter writer,
    OutboxSignal outboxSignal,
    TimeProvider clock,
    IServiceProvider services,
    ILogger<WorkflowRuntime> logger)
{
    public const string StartTrigger = "Demarrer";

    internal IServiceProvider Services => services;

    /// <summary>Starts <paramref name="definitionId"/>'s latest published version for a subject, in its own transaction.</summary>
    public async Task<Guid> StartAsync(string definitionId, string subjectId, Actor actor, CancellationToken ct = default)
    {
        var id = await writer.WriteAsync(scope => StartInTransactionAsync(scope.Db, definitionId, subjectId, actor, false, scope.CancellationToken), ct);
        outboxSignal.Notify();
        return id;
    }

    /// <summary>
    /// Starts an instance inside the caller's open transaction on <paramref name="db"/> (e.g. with the import that
    /// creates the subject) through <see cref="DatabaseWriter"/>, which commits.
    /// </summary>
    public async Task<Guid> StartInTransactionAsync(SegurDbContext db, string definitionId, string subjectId, Actor actor, bool isDryRun, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("StartInTransactionAsync needs the caller's open transaction.");
        }

        var definition = await catalog.GetLatestPublishedAsync(definitionId, ct);
        var row = new InstanceRow(Guid.CreateVersion7(Now), definition.Id, definition.Version, definition.Model.SubjectType, subjectId, definition.Model.InitialState, 1);
        var subject = await subjects.LoadAsync(db, row.SubjectType, subjectId, ct);
        var session = new FireSession(this, db, new EngineSql(db), definition, row, subject, actor, null, Now, isDryRun);
        await session.StartAsync(ct);
        return row.Id;
    }

    /// <summary>
    /// Starts one instance per subject inside the caller's open transaction, in one go (e.g. the 200 requests of an
    /// import): the subjects are the caller's tracked entities (not read again), the subjects' changes are saved once
    /// and the engine's rows (instances, timers, tasks, journal, outbox) are sent together at the end, so the cost
    /// does not grow with the change tracker. A definition whose initial state runs activities on entry (they may read
    /// what the start wrote) is started one instance after the other instead.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> StartManyInTransactionAsync(
        SegurDbContext db, string definitionId, IReadOnlyList<(string SubjectId, object Entity)> subjectsToStart, Actor actor, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("StartManyInTransactionAsync needs the caller's open transaction.");
        }

        var definition = await catalog.GetLatestPublishedAsync(definitionId, ct);
        var ids = new List<Guid>(subjectsToStart.Count);
        if (definition.InitialState.OnEntry.Count > 0)
        {
            await db.SaveChangesAsync(ct);
            foreach (var (subjectId, _) in subjectsToStart)
            {
                ids.Add(await StartInTransactionAsync(db, definitionId, subjectId, actor, isDryRun: false, ct));
            }

            return ids;
        }

        var now = Now;
        var sql = new EngineSql(db);
        foreach (var (subjectId, entity) in subjectsToStart)
        {
            var row = new InstanceRow(Guid.CreateVersion7(now), definition.Id, definition.Version, definition.Model.SubjectType, subjectId, definition.Model.InitialState, 1);
            var subject = subjects.Wrap(row.SubjectType, entity) ?? await subjects.LoadAsync(db, row.SubjectType, subjectId, ct);
            var session = new FireSession(this, db, sql, definition, row, subject, actor, null, now, isDryRun: false) { Deferred = true };
            await session.StartAsync(ct);
            ids.Add(row.Id);
        }

        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
        }

        await sql.FlushInsertsAsync(ct);
        return ids;
    }

    public async Task<FireResult> FireAsync(FireRequest request, CancellationToken ct = default)
    {
        var result = await RunAsync(request, dryRun: false, ct);
        outboxSignal.Notify();
        return result;
    }

    /// <summary>
    /// Fires inside the caller's open transaction on <paramref name="db"/> (a write of <see cref="DatabaseWriter"/>), so
    /// the caller's own changes (e.g. a corrected request and its new version) and the fire commit together or not at
    /// all. Unlike <see cref="FireAsync"/>, a failure records no incident: it is thrown, and the caller's write rolls
    /// back whole. The caller calls <see cref="NotifyOutbox"/> after the commit.
    /// </summary>
    public async Task<FireResult> FireInTransactionAsync(SegurDbContext db, FireRequest request, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("FireInTransactionAsync needs the caller's open transaction.");
        }

        if (request.TimerId is not null || request.TaskId is not null || request.RetriedIncident is not null)
        {
            throw new InvalidOperationException("Timers, tasks and incident retries fire through FireAsync.");
        }

        var sql = new EngineSql(db);
        var row = await sql.ReadInstanceAsync(request.InstanceId, ct) ?? throw new InstanceNotFoundException(request.InstanceId);
        if (request.ExpectedVersion is { } expected && expected != row.Version)
        {
            throw new ConcurrencyConflictException(row.Id, expected, row.Version);
        }

        var definition = await catalog.GetAsync(row.DefinitionId, row.DefinitionVersion, ct);
        var subject = await subjects.LoadAsync(db, row.SubjectType, row.SubjectId, ct);
        var session = new FireSession(this, db, sql, definition, row, subject, request.Actor, request.Input, Now, isDryRun: false);
        return await session.FireAsync(session.Resolve(request.Trigger), ct);
    }

    /// <summary>Wakes the outbox dispatcher after a commit that holds a fire made by <see cref="FireInTransactionAsync"/>.</summary>
    public void NotifyOutbox() => outboxSignal.Notify();

    /// <summary>Runs the fire to the end and rolls it back: what would happen, with no side effect.</summary>
    public async Task<FireResult> DryRunAsync(FireRequest request, CancellationToken ct = default)
    {
        try
        {
            return await RunAsync(request, dryRun: true, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new FireResult(request.InstanceId, request.Trigger, "", "", "", 0, [], []) { Error = ex.Message };
        }
    }

    /// <summary>The actions <paramref name="actor"/> may take now: role allowed and condition true. Drives every button and task.</summary>
    public async Task<IReadOnlyList<PermittedTrigger>> GetPermittedTriggersAsync(Guid instanceId, Actor actor, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync(ct);
        var row = await new EngineSql(db).ReadInstanceAsync(instanceId, ct) ?? throw new InstanceNotFoundException(instanceId);
        var definition = await catalog.GetAsync(row.DefinitionId, row.DefinitionVersion, ct);
        var subject = await subjects.LoadAsync(db, row.SubjectType, row.SubjectId, ct);
        var session = new FireSession(this, db, new EngineSql(db), definition, row, subject, actor, null, Now, isDryRun: true);
        var permitted = new List<PermittedTrigger>();
        foreach (var t in definition.TransitionsFrom(row.State).Where(t => t.AllowsAnyOf(actor.Roles)))
        {
            try
            {
                if (t.Guard is null || session.Scope.EvaluateBoolean(t.Guard))
                {
                    permitted.Add(new PermittedTrigger(t.Trigger, t.Definition.Label ?? t.Trigger, t.To, definition.State(t.To).Label, t.Definition.Fields));
                }
            }
            catch (ExpressionFailedException ex)
            {
                logger.LogWarning(ex, "Guard of {Trigger} on instance {Instance} failed; the action is not offered", t.Trigger, instanceId);
            }
        }

        return permitted;
    }

    /// <summary>Completes a human task with one of its outcomes, which fires the mapped trigger.</summary>
    public async Task<FireResult> CompleteTaskAsync(
        Guid taskId, string outcome, Actor actor, IReadOnlyDictionary<string, object?>? input = null, CancellationToken ct = default)
    {
        StaffTask task;
        await using (var db = database.CreateContext())
        {
            task = await db.StaffTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct)
                ?? throw new WorkflowException($"La tâche {taskId} est introuvable.");
        }

        if (task.Status != StaffTaskStatus.Open)
        {
            throw new WorkflowException($"La tâche « {task.Label} » a déjà été traitée.");
        }

        if (!task.Roles.Split(',').Any(actor.IsInRole))
        {
            throw new WorkflowException($"La tâche « {task.Label} » est réservée au(x) rôle(s) {task.Roles}.");
        }

        var definitionTask = await FindTaskDefinitionAsync(task, ct);
        if (!definitionTask.Outcomes.TryGetValue(outcome, out var trigger))
        {
            throw new WorkflowException(
                $"« {outcome} » n'est pas une issue de la tâche « {task.Label} » (issues : {string.Join(", ", definitionTask.Outcomes.Keys)}).");
        }

        return await FireAsync(new FireRequest(task.InstanceId, trigger, actor) { Input = input, TaskId = taskId, TaskOutcome = outcome }, ct);
    }

    /// <summary>Fires again what an incident recorded, as the same actor; resolves the incident when it succeeds.</summary>
    public async Task<FireResult> RetryIncidentAsync(Guid incidentId, CancellationToken ct = default)
    {
        Incident incident;
        await using (var db = database.CreateContext())
        {
            incident = await db.Incidents.AsNoTracking().SingleOrDefaultAsync(i => i.Id == incidentId, ct)
                ?? throw new WorkflowException($"L'incident {incidentId} est introuvable.");
        }

        if (incident.ResolvedAt is not null)
        {
            throw new WorkflowException($"L'incident {incidentId} est déjà résolu.");
        }

        var actor = new Actor(incident.ActorId, incident.ActorRoles.Split(','), incident.ActorSupplierId);
        var input = incident.Input is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(incident.Input)!
            .ToDictionary(p => p.Key, p => PlainData.From(p.Value));
        return await FireAsync(new FireRequest(incident.InstanceId, incident.Trigger, actor) { Input = input, RetriedIncident = incidentId }, ct);
    }

    internal async Task<FireResult> RunAsync(FireRequest request, bool dryRun, CancellationToken ct)
    {
        using var activity = dryRun ? null : SegurTelemetry.Source.StartActivity("segur.workflow.fire");
        activity?.SetTag("segur.workflow.trigger", request.Trigger);
        activity?.SetTag("segur.workflow.instance", request.InstanceId);
        var outcome = await writer.WriteAsync(scope => RunInScopeAsync(scope, request, dryRun), ct);
        if (!dryRun)
        {
            SegurTelemetry.Fires.Add(1);
        }

        if (outcome.Incident is { } incident)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, outcome.Error!.Message);
            throw new WorkflowIncidentException(incident, outcome.Error!.Message, outcome.Error);
        }

        return outcome.Result!;
    }

    /// <summary>
    /// Fires inside the caller's write (e.g. with the documents that complete a request), so both commit together or not
    /// at all. The fire runs in a savepoint: when it is refused (<see cref="WorkflowException"/>) or fails, the fire alone is
    /// undone and the error thrown; the caller's own changes stay and the caller decides (e.g. keep them, or throw to undo
    /// the whole write). No incident is recorded: retrying the fire without the caller's changes would be wrong. The caller
    /// notifies the outbox after its commit (<see cref="Outbox.OutboxWriter.Notify"/>).
    /// </summary>
    public async Task<FireResult> FireInWriteAsync(WriteScope scope, FireRequest request)
    {
        var db = scope.Db;
        var ct = scope.CancellationToken;
        var transaction = db.Database.CurrentTransaction ?? throw new InvalidOperationException("FireInWriteAsync needs the writer's open transaction.");
        const string savepoint = "fire";
        await db.SaveChangesAsync(ct);
        await transaction.CreateSavepointAsync(savepoint, ct);
        var sql = new EngineSql(db);
        var row = await sql.ReadInstanceAsync(request.InstanceId, ct) ?? throw new InstanceNotFoundException(request.InstanceId);
        try
        {
            var definition = await catalog.GetAsync(row.DefinitionId, row.DefinitionVersion, ct);
            var subject = await subjects.LoadAsync(db, row.SubjectType, row.SubjectId, ct);
            var session = new FireSession(this, db, sql, definition, row, subject, request.Actor, request.Input, Now, isDryRun: false);
            var result = await session.FireAsync(session.Resolve(request.Trigger), ct);
            await transaction.ReleaseSavepointAsync(savepoint, ct);
            SegurTelemetry.Fires.Add(1);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException
                                   && (scope.IsLastAttempt || !TransientFaults.IsRetryable(ex, committing: false)))
        {
            await transaction.RollbackToSavepointAsync(savepoint, CancellationToken.None);
            db.ChangeTracker.Clear();
            throw;
        }
    }

    /// <summary>The fire inside the writer's transaction. A failure that makes an incident is undone and the incident saved instead.</summary>
    private async Task<FireOutcome> RunInScopeAsync(WriteScope scope, FireRequest request, bool dryRun)
    {
        var ct = scope.CancellationToken;
        // Plain SQL on the write's transaction: on the SQLite writer loop no context is made unless a subject source, an
        // activity or an incident asks for one (decision 0220).
        var sql = EngineSql.For(scope, database);
        if (request.TimerId is { } timerId && !await sql.ClaimTimerAsync(timerId, ct))
        {
            return new FireOutcome(new FireResult(request.InstanceId, request.Trigger, "", "", "", 0, [], []) { Skipped = true });
        }

        var row = await sql.ReadInstanceAsync(request.InstanceId, ct) ?? throw new InstanceNotFoundException(request.InstanceId);
        if (request.ExpectedVersion is { } expected && expected != row.Version)
        {
            throw new ConcurrencyConflictException(row.Id, expected, row.Version);
        }

        FireResult result;
        try
        {
            // Inside the try: a published version that no longer compiles makes an incident on this instance, not a crash (decision 0100).
            var definition = await catalog.GetAsync(row.DefinitionId, row.DefinitionVersion, ct);
            var subject = await subjects.LoadAsync(scope, row.SubjectType, row.SubjectId, ct);
            var session = new FireSession(this, scope.CreatedDb, sql, definition, row, subject, request.Actor, request.Input, Now, dryRun) { Write = scope };
            var transition = session.Resolve(request.Trigger);
            if (request.TaskId is { } taskId && !await sql.CompleteTaskAsync(taskId, request.TaskOutcome!, request.Actor.Id, Now, ct))
            {
                throw new WorkflowException("Cette tâche vient d'être traitée par quelqu'un d'autre : rien n'a été modifié.");
            }

            result = await session.FireAsync(transition, ct);
            if (request.RetriedIncident is { } incidentId)
            {
                await scope.Db.Incidents.Where(i => i.Id == incidentId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ResolvedAt, Now), ct);
            }
        }
        catch (Exception ex) when (IsIncident(ex) && (scope.IsLastAttempt || !TransientFaults.IsRetryable(ex, committing: false)))
        {
            await scope.DiscardAsync();
            if (dryRun)
            {
                throw;
            }

            return new FireOutcome(null) { Incident = await RecordIncidentAsync(scope.Db, row, request, ex), Error = ex };
        }

        if (dryRun)
        {
            await scope.DiscardAsync();
        }

        return new FireOutcome(result);
    }

    private sealed record FireOutcome(FireResult? Result)
    {
        public Guid? Incident { get; init; }

        public Exception? Error { get; init; }
    }

    private static bool IsIncident(Exception ex) => ex is not (WorkflowException or OperationCanceledException);

    private async Task<Guid> RecordIncidentAsync(SegurDbContext db, InstanceRow row, FireRequest request, Exception error)
    {
        if (request.RetriedIncident is { } retried)
        {
            await db.Incidents.Where(i => i.Id == retried).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Attempts, i => i.Attempts + 1)
                .SetProperty(i => i.Message, error.Message));
            return retried;
        }

        var incident = new Incident
        {
            Id = Guid.CreateVersion7(Now),
            InstanceId = row.Id,
            Trigger = request.Trigger,
            ActorId = request.Actor.Id,
            ActorRoles = string.Join(',', request.Actor.Roles),
            ActorSupplierId = request.Actor.SupplierId,
            Input = request.Input is null ? null : JsonSerializer.Serialize(request.Input, OutboxJson.Options),
            State = row.State,
            Message = error.Message,
            CreatedAt = Now,
        };
        db.Incidents.Add(incident);
        await db.SaveChangesAsync();
        logger.LogError(error, "Incident {Incident}: {Trigger} on {Definition} instance {Instance} failed", incident.Id, request.Trigger, row.DefinitionId, row.Id);
        return incident.Id;
    }

    private async Task<HumanTaskDefinition> FindTaskDefinitionAsync(StaffTask task, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var instance = await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == task.InstanceId, ct);
        var definition = await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
        return definition.State(task.State).Definition.Tasks.Single(t => t.Code == task.Code);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

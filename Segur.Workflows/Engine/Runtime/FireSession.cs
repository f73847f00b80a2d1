using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Expressions;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Runtime;

/// <summary>
/// The work of one start or fire inside its transaction: resolve the transition, run activities, leave and
/// enter states (timers, tasks), then write the instance, journal and outbox. Nothing here commits.
/// </summary>
internal sealed class FireSession
{
    private static readonly IReadOnlyDictionary<string, object?> s_noInput = new Dictionary<string, object?>();
    private readonly WorkflowRuntime _runtime;
    private readonly EngineSql _sql;
    private readonly List<(Guid Id, object Message)> _outbox = [];
    private readonly IReadOnlyDictionary<string, object?> _input;
    private readonly SegurDbContext? _db;
    private string _state;

    public FireSession(
        WorkflowRuntime runtime, SegurDbContext? db, EngineSql sql, CompiledDefinition definition, InstanceRow row,
        Subject subject, Actor actor, IReadOnlyDictionary<string, object?>? input, DateTime now, bool isDryRun, bool isSimulation = false)
    {
        _runtime = runtime;
        _sql = sql;
        _db = db;
        Definition = definition;
        Row = row;
        Subject = subject;
        Actor = actor;
        _input = input is null ? s_noInput : input.ToDictionary(p => p.Key, p => PlainData.From(p.Value));
        Now = now;
        IsDryRun = isDryRun || isSimulation;
        IsSimulation = isSimulation;
        _state = row.State;
        Version = row.Version;
        Scope = new ExpressionScope(Globals);
    }

    /// <summary>The fire's context: the write's, made when first asked for on the SQLite writer loop (<see cref="Write"/>).</summary>
    public SegurDbContext Db => _db ?? Write?.Db ?? throw new InvalidOperationException("A fire needs a context or its write.");

    /// <summary>The write the fire runs in, when it was given no context: <see cref="Db"/> comes from it when needed (decision 0220).</summary>
    public WriteScope? Write { get; init; }

    /// <summary>The context if the fire has one already (none: nothing was changed through one).</summary>
    private SegurDbContext? TrackingDb => _db ?? Write?.CreatedDb;

    public IServiceProvider Services => _runtime.Services;

    public CompiledDefinition Definition { get; }

    public InstanceRow Row { get; }

    public Guid InstanceId => Row.Id;

    public string SubjectId => Row.SubjectId;

    public Subject Subject { get; }

    public Actor Actor { get; }

    public DateTime Now { get; }

    public bool IsDryRun { get; }

    /// <summary>A Studio simulation: nothing is sent to the database at all (no flush, no save); what would be written is reported.</summary>
    public bool IsSimulation { get; }

    /// <summary>The messages the fire would put in the outbox (e-mails, events), in order.</summary>
    public IReadOnlyList<object> Messages => _outbox.Select(m => m.Message).ToList();

    public int Version { get; private set; }

    public ExpressionScope Scope { get; }

    /// <summary>
    /// Part of a batch of starts (<see cref="WorkflowRuntime.StartManyInTransactionAsync"/>): the subject's changes and
    /// the queued SQL are left for the batch to save and send once.
    /// </summary>
    public bool Deferred { get; init; }

    public List<string> Reports { get; } = [];

    public void Enqueue(object message) => _outbox.Add((Guid.CreateVersion7(Now), message));

    public async Task<Guid> StartChildAsync(string definitionId, string subjectId, CancellationToken ct)
    {
        if (!IsSimulation)
        {
            return await _runtime.StartInTransactionAsync(Db, definitionId, subjectId, Actor, IsDryRun, ct);
        }

        var child = await Services.GetRequiredService<Versions.DefinitionCatalog>().GetLatestPublishedAsync(definitionId, ct);
        Reports.Add($"Démarrerait « {child.Model.Name} » (v{child.Version}) dans l'état « {child.InitialState.Label} »");
        return Guid.Empty;
    }

    /// <summary>The one transition the trigger takes from the current state for this actor, or a clear refusal.</summary>
    public CompiledTransition Resolve(string trigger)
    {
        var state = Definition.State(_state);
        var candidates = Definition.TransitionsFrom(_state).Where(t => t.Trigger == trigger).ToList();
        if (candidates.Count == 0)
        {
            var known = Definition.TransitionsFrom(_state).Select(t => t.Trigger).Distinct().ToList();
            throw new TriggerNotPermittedException(trigger, _state, state.Label, known.Count == 0
                ? "cet état est final, aucune action n'y est possible"
                : $"les actions possibles dans cet état sont {string.Join(", ", known)}");
        }

        var allowed = candidates.Where(t => t.AllowsAnyOf(Actor.Roles)).ToList();
        if (allowed.Count == 0)
        {
            throw new TriggerNotPermittedException(trigger, _state, state.Label,
                $"elle est réservée au(x) rôle(s) {string.Join(", ", candidates.SelectMany(t => t.Definition.Roles).Distinct())}");
        }

        var passing = allowed.Where(t => t.Guard is null || Scope.EvaluateBoolean(t.Guard)).ToList();
        return passing.Count switch
        {
            1 => passing[0],
            0 => throw new TriggerNotPermittedException(trigger, _state, state.Label,
                $"sa condition n'est pas remplie ({string.Join(" ; ", allowed.Select(t => t.Definition.Guard))})"),
            _ => throw new InvalidOperationException(
                $"Plusieurs transitions « {trigger} » depuis « {_state} » ont une condition vraie : la définition doit les rendre exclusives."),
        };
    }

    public async Task<FireResult> FireAsync(CompiledTransition transition, CancellationToken ct)
    {
        var missing = transition.Definition.Fields
            .Where(f => f.Required && (!_input.TryGetValue(f.Name, out var v) || v is null || v is string { Length: 0 } || (v is string s && string.IsNullOrWhiteSpace(s))))
            .Select(f => f.Label)
            .ToList();
        if (missing.Count > 0)
        {
            throw new MissingInputException(transition.Definition.Label ?? transition.Trigger, missing);
        }

        var from = Definition.State(_state);
        var to = Definition.State(transition.To);
        await RunAsync(transition.Activities, ct);
        Leave(from);

        _sql.UpdateInstance(InstanceId, to.Code, Row.DefinitionVersion, Version, Now);
        _state = to.Code;
        Version++;
        Scope.Invalidate();
        await EnterAsync(to, ct);
        await WriteAsync(transition.Trigger, from.Code, to, ct);
        return Result(transition.Trigger, from.Code, to);
    }

    public async Task<FireResult> StartAsync(CancellationToken ct)
    {
        var initial = Definition.InitialState;
        _sql.InsertInstance(Row, Now);
        await EnterAsync(initial, ct);
        await WriteAsync(WorkflowRuntime.StartTrigger, null, initial, ct);
        return Result(WorkflowRuntime.StartTrigger, "", initial);
    }

    private async Task RunAsync(IReadOnlyList<CompiledActivity> activities, CancellationToken ct)
    {
        if (activities.Count > 0)
        {
            // An activity sees the database as the fire has changed it so far.
            await FlushAsync(ct);
        }

        foreach (var activity in activities)
        {
            await activity.Activity.ExecuteAsync(new ActivityContext(this, activity), ct);
            Scope.Invalidate();
        }
    }

    private void Leave(CompiledState state)
    {
        if (state.Timers.Count > 0)
        {
            _sql.DeleteTimers(InstanceId);
            if (IsSimulation)
            {
                Reports.Add($"Minuteries de « {state.Label} » retirées : {string.Join(", ", state.Timers.Select(t => t.Trigger))}");
            }
        }

        if (state.Definition.Tasks.Count > 0)
        {
            _sql.CancelOpenTasks(InstanceId, Now);
            if (IsSimulation)
            {
                Reports.Add($"Tâches ouvertes annulées : {string.Join(", ", state.Definition.Tasks.Select(t => $"« {t.Label} »"))}");
            }
        }
    }

    private async Task EnterAsync(CompiledState state, CancellationToken ct)
    {
        await RunAsync(state.OnEntry, ct);
        foreach (var timer in state.Timers)
        {
            var due = Now + timer.DelayIn(Scope);
            _sql.InsertTimer(Guid.CreateVersion7(Now), InstanceId, state.Code, timer.Trigger, due);
            Reports.Add($"Minuterie : « {timer.Trigger} » le {ParisDays.ToParis(due):dd/MM/yyyy à HH:mm} (heure de Paris)");
        }

        foreach (var task in state.Definition.Tasks)
        {
            DateTime? due = task.DueIn is null ? null : Now + Durations.Parse(task.DueIn);
            _sql.InsertTask(Guid.CreateVersion7(Now), InstanceId, state.Code, task.Code, task.Label, string.Join(',', task.Roles), Now, due);
            if (IsSimulation)
            {
                Reports.Add($"Tâche créée : « {task.Label} » pour {string.Join(", ", task.Roles)}" +
                    (due is { } d ? $", échéance le {ParisDays.ToParis(d):dd/MM/yyyy}" : ""));
            }
        }
    }

    private async Task WriteAsync(string trigger, string? from, CompiledState to, CancellationToken ct)
    {
        (Subject.Entity as IWorkflowSubject)?.OnStateEntered(Definition.Id, to.Code, to.Label);
        if (!IsSimulation && !Deferred && TrackingDb is { } db && db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
        }

        Enqueue(new WorkflowTransitioned(
            InstanceId, Definition.Id, Definition.Version, Row.SubjectType, Row.SubjectId, from, to.Code, to.Label, trigger, Actor.Id, Now));
        foreach (var (id, message) in _outbox)
        {
            _sql.InsertOutbox(id, MessageTypes.NameOf(message.GetType()), JsonSerializer.Serialize(message, message.GetType(), OutboxJson.Options), Now);
        }

        var details = _input.Count == 0 && Reports.Count == 0
            ? null
            : JsonSerializer.Serialize(new JournalDetails(_input.Count == 0 ? null : _input, Reports.Count == 0 ? null : Reports), OutboxJson.Options);
        _sql.InsertJournal(InstanceId, Now, Actor.Id, trigger, from, to.Code, Version, details);
        if (!Deferred)
        {
            await FlushAsync(ct);
        }
    }

    /// <summary>Sends the queued writes; the instance's version check fails here when another fire got there first.</summary>
    private async Task FlushAsync(CancellationToken ct)
    {
        if (IsSimulation)
        {
            _sql.Discard();
            return;
        }

        if (!await _sql.FlushAsync(ct))
        {
            var current = await _sql.ReadInstanceAsync(InstanceId, ct);
            throw new ConcurrencyConflictException(InstanceId, Row.Version, current?.Version ?? -1);
        }
    }

    private FireResult Result(string trigger, string from, CompiledState to) => new(
        InstanceId, trigger, from, to.Code, to.Label, Version, Reports.ToList(),
        _outbox.Select(m => m.Message.GetType().Name).ToList());

    private IReadOnlyDictionary<string, object?> Globals() => new Dictionary<string, object?>
    {
        ["subject"] = Subject.Facts,
        ["rules"] = Definition.Rules,
        ["actor"] = Actor.ToData(),
        ["input"] = _input,
        ["instance"] = new Dictionary<string, object?>
        {
            ["id"] = InstanceId,
            ["state"] = _state,
            ["stateLabel"] = Definition.State(_state).Label,
            ["version"] = Version,
        },
    };

    private sealed record JournalDetails(IReadOnlyDictionary<string, object?>? Input, IReadOnlyList<string>? Reports);
}

internal static class OutboxJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

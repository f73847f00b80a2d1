using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Instruction;

/// <summary>An action the actor may take now on a subject, as the definition declares it.</summary>
public sealed record SubjectAction(
    string SubjectType, string Trigger, string Label, string TargetState, string TargetLabel, bool ReasonRequired, IReadOnlyList<FormField> Fields);

/// <summary>A subject's lifecycle as an actor sees it: its state, the actions offered, the open task and who holds it.</summary>
public sealed record SubjectActionsView(
    string SubjectType, string SubjectId, Guid InstanceId, string DefinitionName, int Version, string State, string StateLabel,
    IReadOnlyList<SubjectAction> Actions, OpenTask? Task);

/// <summary>The trigger does not exist for this subject, or not for this actor: nothing is revealed (404 on the API).</summary>
public sealed class UnknownActionException(string trigger)
    : WorkflowException($"L'action « {trigger} » n'existe pas pour cette demande.");

/// <summary>
/// The generic machinery behind every action button and the actions API: for a subject (type + id) and an actor, the
/// triggers the definition permits now (<see cref="WorkflowRuntime.GetPermittedTriggersAsync"/>, never hard-coded), each with
/// its declared fields; and the fire, which reads the fields by type, refuses an action on a task someone else holds, and
/// completes the state's task when the action is one of its outcomes (the inbox then records who did what).
/// </summary>
public sealed class SubjectActions(SegurDatabase database, DefinitionCatalog catalog, WorkflowRuntime runtime, TaskClaims claims)
{
    public async Task<SubjectActionsView?> GetAsync(string subjectType, string subjectId, Actor actor, CancellationToken ct = default)
    {
        var instance = await FindInstanceAsync(subjectType, subjectId, ct);
        if (instance is null)
        {
            return null;
        }

        var definition = await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
        var permitted = await runtime.GetPermittedTriggersAsync(instance.Id, actor, ct);
        var actions = permitted.Select(p => new SubjectAction(subjectType, p.Trigger, p.Label, p.To, p.ToLabel, ReasonRequired(p.Fields), p.Fields)).ToList();
        return new SubjectActionsView(
            subjectType, subjectId, instance.Id, definition.Model.Name, instance.Version, instance.State,
            definition.HasState(instance.State) ? definition.State(instance.State).Label : instance.State,
            actions, await claims.OpenTaskOfAsync(instance.Id, ct));
    }

    /// <summary>Whether the definition of the subject's lifecycle has <paramref name="trigger"/> at all (in any state, for any role).</summary>
    public async Task<bool> DefinesAsync(string subjectType, string subjectId, string trigger, CancellationToken ct = default)
    {
        var instance = await FindInstanceAsync(subjectType, subjectId, ct);
        if (instance is null)
        {
            return false;
        }

        var definition = await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
        return definition.Model.Transitions.Any(t => t.Trigger == trigger);
    }

    /// <summary>
    /// Fires <paramref name="trigger"/> with the values typed in its fields. Throws <see cref="UnknownActionException"/>,
    /// <see cref="TriggerNotPermittedException"/>, <see cref="ActionInputException"/>, <see cref="MissingInputException"/>,
    /// <see cref="TaskClaimedException"/>, <see cref="ConcurrencyConflictException"/> or another <see cref="WorkflowException"/>.
    /// </summary>
    public async Task<FireResult> FireAsync(
        string subjectType, string subjectId, string trigger, IReadOnlyDictionary<string, string?> values, Actor actor,
        int? expectedVersion = null, CancellationToken ct = default)
    {
        var instance = await FindInstanceAsync(subjectType, subjectId, ct) ?? throw new UnknownActionException(trigger);
        var definition = await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
        if (!definition.Model.Transitions.Any(t => t.Trigger == trigger && (t.Roles.Any(actor.IsInRole) || !actor.IsInRole(Roles.Fournisseur))))
        {
            throw new UnknownActionException(trigger);
        }

        var transition = definition.TransitionsFrom(instance.State).FirstOrDefault(t => t.Trigger == trigger && t.AllowsAnyOf(actor.Roles));
        var input = transition is null
            ? null
            : ActionInput.Read(transition.Definition.Label ?? trigger, transition.Definition.Fields, values);

        var task = await claims.OpenTaskOfAsync(instance.Id, ct);
        if (task?.Holder is { } holder && holder.Uid != actor.Id && !actor.IsInRole(Roles.Fournisseur))
        {
            throw new TaskClaimedException(task.Label, holder);
        }

        if (transition is not null && task is not null && task.Roles.Any(actor.IsInRole)
            && TaskOutcome(definition, task, trigger) is { } outcome)
        {
            return await runtime.CompleteTaskAsync(task.Id, outcome, actor, input, ct);
        }

        return await runtime.FireAsync(new FireRequest(instance.Id, trigger, actor) { Input = input, ExpectedVersion = expectedVersion }, ct);
    }

    /// <summary>The first multiline field (a motive, the corrections asked) is the action's "reason".</summary>
    public static bool ReasonRequired(IReadOnlyList<FormField> fields) => fields.FirstOrDefault(f => f.Type == "multiline")?.Required == true;

    private static string? TaskOutcome(CompiledDefinition definition, OpenTask task, string trigger) =>
        definition.HasState(task.State)
            ? definition.State(task.State).Definition.Tasks.FirstOrDefault(t => t.Code == task.Code)?.Outcomes
                .FirstOrDefault(o => o.Value == trigger).Key
            : null;

    private async Task<WorkflowInstance?> FindInstanceAsync(string subjectType, string subjectId, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        return await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.SubjectType == subjectType && i.SubjectId == subjectId)
            .OrderBy(i => i.CreatedAt)
            .FirstOrDefaultAsync(ct);
    }
}

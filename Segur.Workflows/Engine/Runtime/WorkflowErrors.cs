namespace Segur.Workflows.Engine.Runtime;

/// <summary>A refusal the user can understand (French message); nothing was changed.</summary>
public class WorkflowException(string message, Exception? inner = null) : Exception(message, inner);

public sealed class InstanceNotFoundException(Guid instanceId)
    : WorkflowException($"L'instance de workflow {instanceId} est introuvable.");

public sealed class TriggerNotPermittedException(string trigger, string state, string stateLabel, string reason)
    : WorkflowException($"L'action « {trigger} » n'est pas permise dans l'état « {stateLabel} » ({state}) : {reason}.")
{
    public string Trigger { get; } = trigger;

    public string State { get; } = state;
}

public sealed class ConcurrencyConflictException(Guid instanceId, int expectedVersion, int actualVersion)
    : WorkflowException(
        $"La demande a été modifiée par une autre action pendant la vôtre (version {expectedVersion} attendue, " +
        $"version {actualVersion} trouvée). Rien n'a été enregistré : rechargez la page et recommencez.")
{
    public Guid InstanceId { get; } = instanceId;
}

public sealed class MissingInputException(string trigger, IReadOnlyList<string> fields)
    : WorkflowException($"L'action « {trigger} » demande de renseigner : {string.Join(", ", fields)}.");

/// <summary>An activity or expression failed: the fire was rolled back and an incident recorded for staff to retry.</summary>
public sealed class WorkflowIncidentException(Guid incidentId, string message, Exception inner)
    : WorkflowException($"L'action a échoué et n'a rien modifié ; un incident a été enregistré ({incidentId}) : {message}", inner)
{
    public Guid IncidentId { get; } = incidentId;
}

/// <summary>A business rule refused the action (e.g. a paid amount different from the decided one): a user error, not an incident.</summary>
public sealed class BusinessRuleException(string message) : WorkflowException(message);

namespace Segur.Workflows.Engine.Outbox;

/// <summary>Marks the records that travel through the outbox and the bus.</summary>
public interface IIntegrationMessage;

/// <summary>A message whose content must not stay in the outbox table after it is published.</summary>
public interface ISensitiveMessage
{
    bool Sensitive { get; }
}

/// <summary>An instance changed state (or started: <see cref="FromState"/> is null).</summary>
public sealed record WorkflowTransitioned(
    Guid InstanceId,
    string DefinitionId,
    int DefinitionVersion,
    string SubjectType,
    string SubjectId,
    string? FromState,
    string ToState,
    string ToStateLabel,
    string Trigger,
    string ActorId,
    DateTime At) : IIntegrationMessage;

/// <summary>A named business event published by the PublishEvent activity.</summary>
public sealed record WorkflowEventPublished(
    Guid InstanceId,
    string SubjectType,
    string SubjectId,
    string Name,
    IReadOnlyDictionary<string, object?> Data) : IIntegrationMessage;

/// <summary>The outbox's message types by name, so a stored row can be published with its real type.</summary>
public sealed class MessageTypes
{
    private readonly Dictionary<string, Type> _byName;

    public MessageTypes(IEnumerable<Type> extraTypes)
    {
        _byName = typeof(IIntegrationMessage).Assembly.GetTypes()
            .Concat(extraTypes)
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IIntegrationMessage).IsAssignableFrom(t))
            .Distinct()
            .ToDictionary(NameOf);
    }

    public static string NameOf(Type type) => type.FullName ?? type.Name;

    public Type? Find(string name) => _byName.GetValueOrDefault(name);

    public IReadOnlyCollection<Type> All => _byName.Values;
}

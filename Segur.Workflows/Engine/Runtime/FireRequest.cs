namespace Segur.Workflows.Engine.Runtime;

/// <summary>Fire <paramref name="Trigger"/> on an instance as <paramref name="Actor"/>.</summary>
public sealed record FireRequest(Guid InstanceId, string Trigger, Actor Actor)
{
    /// <summary>The values of the transition's fields (e.g. the motive of a rejection).</summary>
    public IReadOnlyDictionary<string, object?>? Input { get; init; }

    /// <summary>The version the actor saw; a different current version is a conflict.</summary>
    public int? ExpectedVersion { get; init; }

    internal Guid? TimerId { get; init; }

    internal Guid? TaskId { get; init; }

    internal string? TaskOutcome { get; init; }

    internal Guid? RetriedIncident { get; init; }
}

/// <summary>What a fire did (or, in a dry run, would do).</summary>
public sealed record FireResult(
    Guid InstanceId,
    string Trigger,
    string FromState,
    string ToState,
    string ToStateLabel,
    int Version,
    IReadOnlyList<string> Reports,
    IReadOnlyList<string> Messages)
{
    /// <summary>Set when the fire did nothing because its timer had already fired or its state was left.</summary>
    public bool Skipped { get; init; }

    /// <summary>Dry runs only: why the fire would fail.</summary>
    public string? Error { get; init; }
}

/// <summary>An action the actor may take now, as a button shows it.</summary>
public sealed record PermittedTrigger(string Trigger, string Label, string To, string ToLabel, IReadOnlyList<Definitions.FormField> Fields);

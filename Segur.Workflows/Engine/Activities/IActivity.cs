namespace Segur.Workflows.Engine.Activities;

/// <summary>
/// A step a definition can run on a transition or on entering a state. An activity reads its typed
/// inputs, calls one domain-service method and reports what it did, in French, for the journal
/// and the Studio's dry runs.
/// </summary>
public interface IActivity
{
    ActivityDescriptor Descriptor { get; }

    ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken);
}

/// <summary>What the Studio shows analysts about an activity.</summary>
public sealed record ActivityDescriptor(
    string Name,
    string Category,
    string Description,
    IReadOnlyList<ActivityInput> Inputs)
{
    /// <summary>Rules of the definition this activity reads (e.g. "plafondsHT"): a definition without them is refused.</summary>
    public IReadOnlyList<string> RequiredRules { get; init; } = [];

    public ActivityInput? FindInput(string name) => Inputs.FirstOrDefault(i => i.Name == name);
}

public enum InputKind
{
    Text,
    Number,
    Date,
    Object,

    /// <summary>The name of one of the definition's e-mail templates (a literal, never an expression).</summary>
    EmailTemplate,
}

public sealed record ActivityInput(string Name, InputKind Kind, bool Required, string Description);

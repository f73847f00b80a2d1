using System.Text.Json;
using System.Text.Json.Serialization;

namespace Segur.Workflows.Engine.Definitions;

/// <summary>
/// A workflow definition as analysts write it (JSON, camelCase). Immutable once published.
/// Values written as strings starting with "=" are JavaScript expressions (see docs/workflow-definitions.md).
/// </summary>
public sealed record WorkflowDefinition
{
    /// <summary>Stable identifier shared by every version, e.g. "financing-request".</summary>
    public required string Id { get; init; }

    /// <summary>Human name shown in the Studio (French).</summary>
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>What the instances are about: "FinancingRequest", "Enrolment", ...</summary>
    public required string SubjectType { get; init; }

    public required string InitialState { get; init; }

    public IReadOnlyList<StateDefinition> States { get; init; } = [];

    public IReadOnlyList<TransitionDefinition> Transitions { get; init; } = [];

    /// <summary>Named values and tables the analysts edit (ceilings, percentages, delays...).</summary>
    public IReadOnlyDictionary<string, JsonElement> Rules { get; init; } = new Dictionary<string, JsonElement>();

    /// <summary>E-mail templates by name: subject and body are Liquid templates.</summary>
    public IReadOnlyDictionary<string, EmailTemplateDefinition> EmailTemplates { get; init; } =
        new Dictionary<string, EmailTemplateDefinition>();

    /// <summary>Positions of the states on the Studio's canvas; no effect on execution.</summary>
    public DefinitionLayout? Layout { get; init; }
}

public sealed record StateDefinition
{
    public required string Code { get; init; }

    /// <summary>The status as users read it, e.g. "En attente de pièce jointe complémentaire".</summary>
    public required string Label { get; init; }

    public bool Final { get; init; }

    /// <summary>Roles that may see an instance in this state; empty means every role.</summary>
    public IReadOnlyList<string> VisibleTo { get; init; } = [];

    /// <summary>Present when the supplier may add supporting documents in this state.</summary>
    public StateDocuments? Documents { get; init; }

    /// <summary>True when <paramref name="role"/> may see an instance in this state (an empty <see cref="VisibleTo"/> means every role).</summary>
    public bool IsVisibleTo(string role) => VisibleTo.Count == 0 || VisibleTo.Contains(role);

    /// <summary>Activities run each time the instance enters the state.</summary>
    public IReadOnlyList<ActivityInvocation> OnEntry { get; init; } = [];

    public IReadOnlyList<HumanTaskDefinition> Tasks { get; init; } = [];

    public IReadOnlyList<TimerDefinition> Timers { get; init; } = [];
}

/// <summary>Documents taken in a state, and the supplier's trigger they fire once stored.</summary>
public sealed record StateDocuments
{
    /// <summary>Fired once documents are stored; absent: they are added without changing the state.</summary>
    public string? Trigger { get; init; }

    /// <summary>Fire <see cref="Trigger"/> only when every expected document is there.</summary>
    public bool WhenComplete { get; init; }
}

public sealed record TransitionDefinition
{
    public required string From { get; init; }

    public required string Trigger { get; init; }

    public required string To { get; init; }

    /// <summary>The action's label on buttons, e.g. "Valider la demande".</summary>
    public string? Label { get; init; }

    /// <summary>Roles allowed to fire it; "Systeme" is the engine itself (timers).</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>JavaScript boolean expression over subject, rules, actor and input; absent means always.</summary>
    public string? Guard { get; init; }

    /// <summary>What the actor must type when firing (e.g. the reason of a rejection), read as <c>input.name</c>.</summary>
    public IReadOnlyList<FormField> Fields { get; init; } = [];

    public IReadOnlyList<ActivityInvocation> Activities { get; init; } = [];
}

public sealed record FormField
{
    public required string Name { get; init; }

    public required string Label { get; init; }

    /// <summary>"text", "multiline", "number" or "date".</summary>
    public string Type { get; init; } = "text";

    public bool Required { get; init; }
}

public sealed record ActivityInvocation
{
    /// <summary>Registered activity name, e.g. "SendEmail".</summary>
    public required string Type { get; init; }

    /// <summary>Input values: literals, or strings starting with "=" evaluated as JavaScript.</summary>
    public IReadOnlyDictionary<string, JsonElement> Inputs { get; init; } = new Dictionary<string, JsonElement>();
}

public sealed record HumanTaskDefinition
{
    public required string Code { get; init; }

    public required string Label { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Outcome label (as shown on the task) → trigger fired when the task completes with it.</summary>
    public IReadOnlyDictionary<string, string> Outcomes { get; init; } = new Dictionary<string, string>();

    /// <summary>ISO-8601 duration after which the task is overdue, e.g. "P5D".</summary>
    public string? DueIn { get; init; }
}

public sealed record TimerDefinition
{
    /// <summary>ISO-8601 duration ("P7D", "PT12H") or "=expression" giving one.</summary>
    public required string After { get; init; }

    public required string Trigger { get; init; }
}

public sealed record EmailTemplateDefinition
{
    public required string Subject { get; init; }

    public required string Body { get; init; }
}

public sealed record DefinitionLayout
{
    public IReadOnlyDictionary<string, NodePosition> States { get; init; } = new Dictionary<string, NodePosition>();
}

public sealed record NodePosition(double X, double Y);

public static class DefinitionJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };
}

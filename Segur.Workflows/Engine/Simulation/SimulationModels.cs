using Segur.Workflows.Engine.Definitions;

namespace Segur.Workflows.Engine.Simulation;

/// <summary>One trigger of a simulated path, fired as <paramref name="Role"/> with the values a user would type.</summary>
public sealed record SimulationStep(string Trigger, string Role, IReadOnlyDictionary<string, string?>? Input = null);

/// <summary>
/// What to simulate: a published version (<paramref name="Version"/>), or the open draft (<paramref name="Draft"/>), or the
/// version in service when neither is given; on a real subject (<paramref name="Subject"/>: its number, e.g. the numéro ASP,
/// or its id) or on a sample one (null); from the subject's current state, or from <paramref name="StartState"/>.
/// </summary>
public sealed record SimulationRequest(
    string DefinitionId, int? Version, bool Draft, string? Subject, string? StartState, IReadOnlyList<SimulationStep> Steps);

/// <summary>A value an expression read, as it read it (JSON).</summary>
public sealed record ValueRead(string Path, string Value);

/// <summary>How a guard evaluated, and the values it read to get there.</summary>
public sealed record GuardExplanation(string? Expression, bool Passes, IReadOnlyList<ValueRead> Reads, string? Error)
{
    public static readonly GuardExplanation None = new(null, true, [], null);
}

/// <summary>A transition from the current state as one role sees it.</summary>
public sealed record TriggerOption(
    string Trigger, string Label, string To, string ToLabel, bool RoleAllowed, GuardExplanation Guard,
    IReadOnlyList<FormField> Fields, IReadOnlyList<string> Activities)
{
    public bool Permitted => RoleAllowed && Guard.Passes && Guard.Error is null;
}

public sealed record RoleOptions(string Role, IReadOnlyList<TriggerOption> Triggers)
{
    public IEnumerable<TriggerOption> Permitted => Triggers.Where(t => t.Permitted);
}

/// <summary>An e-mail the step would send, rendered with its template.</summary>
public sealed record SimulatedEmail(string To, string Subject, string Body);

/// <summary>A fact of the subject the step would change (amounts computed, status...).</summary>
public sealed record FactChange(string Name, string? Before, string? After);

public sealed record SimulatedStep(
    string Trigger, string Role, string FromState, string FromLabel, string ToState, string ToLabel,
    IReadOnlyList<string> Reports, IReadOnlyList<SimulatedEmail> Emails, IReadOnlyList<FactChange> Changes,
    IReadOnlyList<string> Messages, string? Error);

/// <summary>The outcome of a simulation: each step walked, then the state reached and what each role may do there.</summary>
public sealed record SimulationResult(
    string DefinitionId, string VersionLabel, string SubjectLabel, string StartState, string State, string StateLabel, bool Final,
    IReadOnlyList<SimulatedStep> Steps, IReadOnlyList<RoleOptions> Roles, IReadOnlyList<ValueRead> Facts);

using System.Text.Json;
using Fluid;
using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Engine.Expressions;
using Stateless;
using Stateless.Graph;

namespace Segur.Workflows.Engine.Definitions;

/// <summary>
/// A definition version ready to run: expressions parsed, templates parsed, durations read, lookups built.
/// Built once per (id, version) and cached; never re-read on a fire.
/// </summary>
public sealed class CompiledDefinition
{
    private readonly Dictionary<string, CompiledState> _states;
    private readonly Dictionary<string, CompiledTransition[]> _transitionsFrom;

    internal CompiledDefinition(
        WorkflowDefinition model,
        int version,
        IEnumerable<CompiledState> states,
        IEnumerable<CompiledTransition> transitions,
        IReadOnlyDictionary<string, CompiledEmailTemplate> emailTemplates)
    {
        Model = model;
        Version = version;
        _states = states.ToDictionary(s => s.Code, StringComparer.Ordinal);
        _transitionsFrom = transitions.GroupBy(t => t.From, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        EmailTemplates = emailTemplates;
        Rules = PlainData.FromRules(model.Rules);
    }

    public WorkflowDefinition Model { get; }

    public string Id => Model.Id;

    public int Version { get; }

    /// <summary>The rules as plain values (dictionaries, lists, decimals, strings), as expressions and templates see them.</summary>
    public IReadOnlyDictionary<string, object?> Rules { get; }

    public IReadOnlyDictionary<string, CompiledEmailTemplate> EmailTemplates { get; }

    public CompiledState InitialState => _states[Model.InitialState];

    public CompiledState State(string code) => _states.TryGetValue(code, out var state)
        ? state
        : throw new InvalidOperationException($"L'état « {code} » n'existe pas dans la définition « {Id} » v{Version}.");

    public bool HasState(string code) => _states.ContainsKey(code);

    public IReadOnlyList<CompiledTransition> TransitionsFrom(string state) =>
        _transitionsFrom.TryGetValue(state, out var list) ? list : [];

    /// <summary>The lifecycle as a Mermaid state diagram, drawn by Stateless from the definition.</summary>
    public string ToMermaid()
    {
        var machine = new StateMachine<string, string>(Model.InitialState);
        foreach (var state in Model.States)
        {
            var config = machine.Configure(state.Code);
            foreach (var t in TransitionsFrom(state.Code))
            {
                if (t.To == t.From)
                {
                    config.PermitReentryIf(t.Trigger, () => true, t.Definition.Guard ?? "");
                }
                else if (t.Guard is null)
                {
                    config.Permit(t.Trigger, t.To);
                }
                else
                {
                    config.PermitIf(t.Trigger, t.To, () => true, t.Definition.Guard);
                }
            }
        }

        return MermaidGraph.Format(machine.GetInfo());
    }
}

public sealed record CompiledState(
    StateDefinition Definition,
    IReadOnlyList<CompiledActivity> OnEntry,
    IReadOnlyList<CompiledTimer> Timers)
{
    public string Code => Definition.Code;

    public string Label => Definition.Label;

    public bool IsVisibleTo(IEnumerable<string> roles) =>
        Definition.VisibleTo.Count == 0 || Definition.VisibleTo.Any(roles.Contains);
}

public sealed record CompiledTransition(
    TransitionDefinition Definition,
    Expression? Guard,
    IReadOnlyList<CompiledActivity> Activities)
{
    public string From => Definition.From;

    public string Trigger => Definition.Trigger;

    public string To => Definition.To;

    public bool AllowsAnyOf(IEnumerable<string> roles) => Definition.Roles.Any(roles.Contains);
}

public sealed record CompiledActivity(IActivity Activity, IReadOnlyDictionary<string, InputValue> Inputs, string Path);

public sealed partial record CompiledTimer(string Trigger, TimeSpan? Fixed, Expression? Computed)
{
    private readonly RulesDelay _rulesDelay = new(Computed is not null && RulesPath().IsMatch(Computed.Source));

    public TimeSpan DelayIn(ExpressionScope scope)
    {
        if (Fixed is { } fixedDelay)
        {
            return fixedDelay;
        }

        // A delay that only names a rule (e.g. "rules.delaiExpirationIncomplete") is the same for every instance of the
        // version: computed once, not by an interpreter per instance (200 of them per import).
        var rules = _rulesDelay.Applies ? scope.Globals.GetValueOrDefault("rules") : null;
        if (rules is not null && _rulesDelay.For(rules) is { } known)
        {
            return known;
        }

        var text = scope.Evaluate(Computed!) as string;
        var delay = Durations.TryParse(text, out var parsed)
            ? parsed
            : throw new ExpressionFailedException(Computed!.Source, $"« {text} » n'est pas une durée ISO-8601 (exemple : P7D)");
        if (rules is not null)
        {
            _rulesDelay.Remember(rules, delay);
        }

        return delay;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*=?\s*rules(\s*\.\s*[A-Za-z_$][A-Za-z0-9_$]*)+\s*$")]
    private static partial System.Text.RegularExpressions.Regex RulesPath();

    /// <summary>The delay computed for one rules object (the definition version's), kept by reference.</summary>
    private sealed class RulesDelay(bool applies)
    {
        // One reference, replaced whole: read and written by concurrent fires without a lock.
        private Tuple<object, TimeSpan>? _known;

        public bool Applies => applies;

        public TimeSpan? For(object rules) => _known is { } known && ReferenceEquals(known.Item1, rules) ? known.Item2 : null;

        public void Remember(object rules, TimeSpan delay) => _known = Tuple.Create(rules, delay);
    }
}

public sealed record CompiledEmailTemplate(IFluidTemplate Subject, IFluidTemplate Body);

/// <summary>Turns JSON values into the plain CLR values that Jint and Fluid both understand.</summary>
public static class PlainData
{
    public static IReadOnlyDictionary<string, object?> FromRules(IReadOnlyDictionary<string, JsonElement> rules) =>
        rules.ToDictionary(r => r.Key, r => From(r.Value));

    public static object? From(object? value) => value switch
    {
        JsonElement e => From(e),
        _ => value,
    };

    public static object? From(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetDecimal(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Object => value.EnumerateObject().ToDictionary(p => p.Name, p => From(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Select(From).ToList(),
        _ => null,
    };
}

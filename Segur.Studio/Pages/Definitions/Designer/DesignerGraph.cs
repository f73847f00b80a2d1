using System.Text.Json.Nodes;
using Blazor.Diagrams;
using Blazor.Diagrams.Core.Anchors;
using Blazor.Diagrams.Core.Geometry;
using Blazor.Diagrams.Core.Models;
using Segur.Workflows.Engine.Definitions;
using static Segur.Workflows.Engine.Definitions.DefinitionEdits;

namespace Segur.Studio.Pages.Definitions.Designer;

/// <summary>A state drawn on the canvas.</summary>
public sealed class StateNode(string code, Point position) : NodeModel("etat-" + code, position)
{
    public string Code { get; } = code;

    public string Label { get; init; } = "";

    public bool Initial { get; init; }

    public bool Final { get; init; }

    /// <summary>Short facts under the label: tasks, timers, documents.</summary>
    public IReadOnlyList<string> Facts { get; init; } = [];

    public int Problems { get; init; }
}

/// <summary>A transition drawn as a link; <see cref="Index"/> is its place in the definition's transitions.</summary>
public sealed class TransitionLink(int index, StateNode from, StateNode to)
    : LinkModel("transition-" + index, new ShapeIntersectionAnchor(from), new ShapeIntersectionAnchor(to))
{
    public int Index { get; } = index;
}

/// <summary>What a transition's label shows: the trigger, who may fire it, its guard.</summary>
public sealed class TransitionLabel(TransitionLink link, string trigger, string roles, string? guard, bool problem)
    : LinkLabelModel(link, "libelle-" + link.Index, trigger)
{
    public string Trigger { get; } = trigger;

    public string Roles { get; } = roles;

    public string? Guard { get; } = guard;

    public bool Problem { get; } = problem;
}

/// <summary>Draws a definition's JSON on a diagram: states where the layout keeps them (or laid out), transitions between them.</summary>
public static class DesignerGraph
{
    public static void Draw(BlazorDiagram diagram, JsonObject definition, IReadOnlyList<DefinitionProblem> problems)
    {
        var states = States(definition).OfType<JsonObject>().Where(s => Text(s, "code") is not null).ToList();
        var codes = states.Select(s => Text(s, "code")!).Distinct().ToList();
        var transitions = Transitions(definition).Select((t, i) => (t, i)).ToList();
        var ends = transitions.Select(x => (From: Text(x.t, "from") ?? "", To: Text(x.t, "to") ?? "")).ToList();
        var positions = DefinitionLayouter.Place(codes, Text(definition, "initialState"), ends, Positions(definition));
        var initial = Text(definition, "initialState");

        var nodes = new Dictionary<string, StateNode>(StringComparer.Ordinal);
        for (var i = 0; i < states.Count; i++)
        {
            var state = states[i];
            var code = Text(state, "code")!;
            if (nodes.ContainsKey(code))
            {
                continue;
            }

            var at = positions[code];
            nodes[code] = new StateNode(code, new Point(at.X, at.Y))
            {
                Label = Text(state, "label") ?? code,
                Initial = code == initial,
                Final = state["final"] is JsonValue f && f.TryGetValue<bool>(out var final) && final,
                Facts = Facts(state),
                Problems = problems.Count(p => Within(p.Path, $"$.states[{i}]")),
                Size = new Size(DefinitionLayouter.NodeWidth, DefinitionLayouter.NodeHeight),
            };
        }

        var links = new List<TransitionLink>();
        var pairs = new Dictionary<(string, string), int>();
        foreach (var (transition, index) in transitions)
        {
            if (Text(transition, "from") is not { } from || Text(transition, "to") is not { } to
                || !nodes.TryGetValue(from, out var source) || !nodes.TryGetValue(to, out var target))
            {
                continue;
            }

            var problem = problems.Any(p => Within(p.Path, $"$.transitions[{index}]"));
            var link = new TransitionLink(index, source, target)
            {
                TargetMarker = LinkMarker.Arrow,
                Color = problem ? "#b3261e" : "#5b6b7f",
                SelectedColor = "#000091",
                Width = 2,
            };

            // Transitions between the same two states (either way) are bent apart so that each stays readable.
            var pair = string.CompareOrdinal(from, to) < 0 ? (from, to) : (to, from);
            var rank = pairs.GetValueOrDefault(pair);
            pairs[pair] = rank + 1;
            if (rank > 0 || from == to)
            {
                link.AddVertex(Bend(source.Position, target.Position, from == to ? 1 : rank));
            }

            var roles = transition?["roles"] is JsonArray r ? string.Join(", ", r.Select(x => x?.ToString())) : "";
            link.Labels.Add(new TransitionLabel(link, Text(transition, "trigger") ?? "?", roles, Text(transition, "guard"), problem));
            links.Add(link);
        }

        diagram.Batch(() =>
        {
            diagram.Links.Clear();
            diagram.Nodes.Clear();
            diagram.Nodes.Add(nodes.Values);
            diagram.Links.Add(links);
        });
    }

    /// <summary>True when a problem's path is <paramref name="prefix"/> or inside it.</summary>
    public static bool Within(string path, string prefix) =>
        path == prefix || path.StartsWith(prefix + ".", StringComparison.Ordinal) || path.StartsWith(prefix + "[", StringComparison.Ordinal);

    private static Point Bend(Point a, Point b, int rank)
    {
        var (cx, cy) = (DefinitionLayouter.NodeWidth / 2, DefinitionLayouter.NodeHeight / 2);
        var (mx, my) = ((a.X + b.X) / 2 + cx, (a.Y + b.Y) / 2 + cy);
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        var length = Math.Sqrt(dx * dx + dy * dy);
        if (length < 1)
        {
            return new Point(mx, my - DefinitionLayouter.NodeHeight - 40);
        }

        var side = rank % 2 == 1 ? 1 : -1;
        var offset = 55 * ((rank + 1) / 2) * side;
        return new Point(mx - dy / length * offset, my + dx / length * offset);
    }

    private static List<string> Facts(JsonObject state)
    {
        var facts = new List<string>();
        if (state["tasks"] is JsonArray { Count: > 0 } tasks)
        {
            facts.Add(tasks.Count == 1 ? "1 tâche" : $"{tasks.Count} tâches");
        }

        if (state["timers"] is JsonArray timers)
        {
            foreach (var timer in timers)
            {
                var after = Text(timer, "after");
                facts.Add("minuterie : " + (Durations.ToWords(after) ?? (after?.StartsWith('=') == true ? "délai calculé" : "délai invalide")));
            }
        }

        if (state["documents"] is JsonObject)
        {
            facts.Add("pièces");
        }

        return facts;
    }
}

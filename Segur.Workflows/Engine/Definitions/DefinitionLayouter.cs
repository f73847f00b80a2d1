namespace Segur.Workflows.Engine.Definitions;

/// <summary>
/// Places the states of a definition for the Studio's canvas: a layered layout from top to bottom (the initial state first,
/// each state one layer below the furthest state leading to it, back edges ignored), states of a layer ordered near the
/// states they come from. Top to bottom because a transition's label is wider than tall: it fits between two rows of states.
/// Positions already kept in the definition are left where the analyst put them.
/// </summary>
public static class DefinitionLayouter
{
    /// <summary>From one layer (row) of states to the next.</summary>
    public const double LayerSpacing = 190;

    /// <summary>From one state to the next in a layer.</summary>
    public const double ColumnSpacing = 260;
    public const double Margin = 40;
    public const double NodeWidth = 210;
    public const double NodeHeight = 96;

    /// <summary>A position for every state code: the kept ones as they are, the others laid out.</summary>
    public static IReadOnlyDictionary<string, NodePosition> Place(
        IReadOnlyList<string> states, string? initialState, IReadOnlyList<(string From, string To)> transitions,
        IReadOnlyDictionary<string, NodePosition>? kept = null)
    {
        var codes = states.Distinct(StringComparer.Ordinal).ToList();
        var computed = Layered(codes, initialState, transitions);
        if (kept is null || kept.Count == 0)
        {
            return computed;
        }

        var result = new Dictionary<string, NodePosition>(StringComparer.Ordinal);
        foreach (var code in codes.Where(kept.ContainsKey))
        {
            result[code] = kept[code];
        }

        foreach (var code in codes.Where(c => !kept.ContainsKey(c)))
        {
            result[code] = FreeSpot(computed[code], result.Values);
        }

        return result;
    }

    /// <summary>The first spot at or right of <paramref name="wanted"/> that overlaps no placed state.</summary>
    public static NodePosition FreeSpot(NodePosition wanted, IEnumerable<NodePosition> placed)
    {
        var taken = placed.ToList();
        var spot = wanted;
        while (taken.Any(p => Math.Abs(p.X - spot.X) < NodeWidth + 20 && Math.Abs(p.Y - spot.Y) < NodeHeight + 20))
        {
            spot = spot with { X = spot.X + ColumnSpacing / 2 };
        }

        return spot;
    }

    private static Dictionary<string, NodePosition> Layered(List<string> codes, string? initialState, IReadOnlyList<(string From, string To)> transitions)
    {
        if (codes.Count == 0)
        {
            return [];
        }

        var known = codes.ToHashSet(StringComparer.Ordinal);
        var edges = transitions.Where(t => known.Contains(t.From) && known.Contains(t.To) && t.From != t.To).Distinct().ToList();
        var outgoing = codes.ToDictionary(c => c, c => edges.Where(e => e.From == c).Select(e => e.To).ToList(), StringComparer.Ordinal);

        // Depth-first from the initial state (then from any state not reached) marks the edges that close a cycle.
        var order = new List<string>();
        var back = new HashSet<(string, string)>();
        var visiting = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var roots = initialState is not null && known.Contains(initialState) ? new[] { initialState }.Concat(codes) : codes;
        foreach (var root in roots)
        {
            Visit(root);
        }

        void Visit(string code)
        {
            if (done.Contains(code) || !visiting.Add(code))
            {
                return;
            }

            foreach (var next in outgoing[code])
            {
                if (visiting.Contains(next) && !done.Contains(next))
                {
                    back.Add((code, next));
                }
                else
                {
                    Visit(next);
                }
            }

            done.Add(code);
            order.Add(code);
        }

        // Longest path in the acyclic rest, walked in topological order (reverse post-order).
        order.Reverse();
        var forward = edges.Where(e => !back.Contains((e.From, e.To))).ToList();
        var layer = codes.ToDictionary(c => c, _ => 0, StringComparer.Ordinal);
        foreach (var code in order)
        {
            foreach (var edge in forward.Where(e => e.From == code))
            {
                layer[edge.To] = Math.Max(layer[edge.To], layer[code] + 1);
            }
        }

        var layers = codes.GroupBy(c => layer[c]).OrderBy(g => g.Key).Select(g => g.ToList()).ToList();

        // Two sweeps: each state moves near the mean row of the states it comes from in earlier layers.
        for (var sweep = 0; sweep < 2; sweep++)
        {
            var row = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var states in layers)
            {
                var current = states.Select((code, index) =>
                {
                    var from = forward.Where(e => e.To == code && row.ContainsKey(e.From)).Select(e => row[e.From]).ToList();
                    return (code, key: from.Count > 0 ? from.Average() : index);
                }).OrderBy(x => x.key).Select(x => x.code).ToList();
                states.Clear();
                states.AddRange(current);
                for (var i = 0; i < states.Count; i++)
                {
                    row[states[i]] = i - (states.Count - 1) / 2.0;
                }
            }
        }

        var widest = layers.Max(l => l.Count);
        var positions = new Dictionary<string, NodePosition>(StringComparer.Ordinal);
        for (var l = 0; l < layers.Count; l++)
        {
            var left = Margin + (widest - layers[l].Count) * ColumnSpacing / 2;
            for (var i = 0; i < layers[l].Count; i++)
            {
                positions[layers[l][i]] = new NodePosition(left + i * ColumnSpacing, Margin + l * LayerSpacing);
            }
        }

        return positions;
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Segur.Workflows.Engine.Definitions;

/// <summary>
/// The Studio designer's changes to a definition's JSON: each works on the text as the analyst wrote it (unknown
/// members, order and rules untouched) and keeps the references sound (a renamed state is renamed wherever it is cited).
/// </summary>
public static class DefinitionEdits
{
    /// <summary>Reads a draft's text; throws <see cref="JsonException"/> (or <see cref="InvalidOperationException"/>) when it is not a JSON object.</summary>
    public static JsonObject Parse(string json) =>
        JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip })
            as JsonObject ?? throw new InvalidOperationException("la définition doit être un objet JSON");

    public static string Write(JsonObject definition) => definition.ToJsonString(s_write);

    public static JsonArray States(JsonObject definition) => Array(definition, "states");

    public static JsonArray Transitions(JsonObject definition) => Array(definition, "transitions");

    public static string? Text(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static IReadOnlyList<string> StateCodes(JsonObject definition) =>
        States(definition).Select(s => Text(s, "code")).OfType<string>().ToList();

    /// <summary>Adds a state "NouvelEtat", "NouvelEtat2"... at <paramref name="at"/>; returns its code.</summary>
    public static string AddState(JsonObject definition, NodePosition at)
    {
        var code = Unused(StateCodes(definition), "NouvelEtat");
        States(definition).Add(new JsonObject { ["code"] = code, ["label"] = "Nouvel état" });
        SetPosition(definition, code, at);
        return code;
    }

    /// <summary>Renames a state's code in the state, the initial state, the transitions and the layout.</summary>
    public static void RenameState(JsonObject definition, string code, string newCode)
    {
        if (code == newCode)
        {
            return;
        }

        if (StateCodes(definition).Contains(newCode))
        {
            throw new InvalidOperationException($"un état « {newCode} » existe déjà");
        }

        foreach (var state in States(definition).OfType<JsonObject>().Where(s => Text(s, "code") == code))
        {
            state["code"] = newCode;
        }

        if (Text(definition, "initialState") == code)
        {
            definition["initialState"] = newCode;
        }

        foreach (var transition in Transitions(definition).OfType<JsonObject>())
        {
            foreach (var end in new[] { "from", "to" }.Where(end => Text(transition, end) == code))
            {
                transition[end] = newCode;
            }
        }

        if (LayoutStates(definition, create: false) is { } layout && layout[code] is { } position)
        {
            layout.Remove(code);
            layout[newCode] = position.DeepClone();
        }
    }

    /// <summary>Deletes a state with the transitions that leave or reach it and its position.</summary>
    public static void DeleteState(JsonObject definition, string code)
    {
        RemoveWhere(States(definition), s => Text(s, "code") == code);
        RemoveWhere(Transitions(definition), t => Text(t, "from") == code || Text(t, "to") == code);
        LayoutStates(definition, create: false)?.Remove(code);
    }

    /// <summary>Adds a transition between two states with a trigger not used yet from <paramref name="from"/>; returns its index.</summary>
    public static int AddTransition(JsonObject definition, string from, string to)
    {
        var transitions = Transitions(definition);
        var used = transitions.Where(t => Text(t, "from") == from).Select(t => Text(t, "trigger")).OfType<string>().ToList();
        transitions.Add(new JsonObject
        {
            ["from"] = from,
            ["trigger"] = Unused(used, "NouvelleAction"),
            ["to"] = to,
            ["label"] = "Nouvelle action",
            ["roles"] = new JsonArray("Gestionnaire"),
        });
        return transitions.Count - 1;
    }

    public static void DeleteTransition(JsonObject definition, int index)
    {
        var transitions = Transitions(definition);
        if (index >= 0 && index < transitions.Count)
        {
            transitions.RemoveAt(index);
        }
    }

    /// <summary>Keeps the positions of the states on the canvas (layout.states), rounded to the pixel.</summary>
    public static void SetPositions(JsonObject definition, IReadOnlyDictionary<string, NodePosition> positions)
    {
        foreach (var (code, position) in positions)
        {
            SetPosition(definition, code, position);
        }
    }

    public static void SetPosition(JsonObject definition, string code, NodePosition position) =>
        LayoutStates(definition, create: true)![code] = new JsonObject
        {
            ["x"] = Math.Round(position.X),
            ["y"] = Math.Round(position.Y),
        };

    /// <summary>The positions kept in the definition (those that read as numbers).</summary>
    public static IReadOnlyDictionary<string, NodePosition> Positions(JsonObject definition)
    {
        var result = new Dictionary<string, NodePosition>(StringComparer.Ordinal);
        foreach (var (code, node) in LayoutStates(definition, create: false) ?? [])
        {
            if (node is JsonObject p && Number(p["x"]) is { } x && Number(p["y"]) is { } y)
            {
                result[code] = new NodePosition(x, y);
            }
        }

        return result;
    }

    /// <summary>Sets a member, or removes it when <paramref name="value"/> is null (optional members stay absent rather than empty).</summary>
    public static void Set(JsonObject target, string name, JsonNode? value)
    {
        if (value is null)
        {
            target.Remove(name);
        }
        else
        {
            target[name] = value;
        }
    }

    private static double? Number(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<double>(out var d) ? d
        : node is JsonValue s && s.TryGetValue<string>(out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    private static JsonObject? LayoutStates(JsonObject definition, bool create)
    {
        if (definition["layout"] is not JsonObject layout)
        {
            if (!create)
            {
                return null;
            }

            layout = [];
            definition["layout"] = layout;
        }

        if (layout["states"] is not JsonObject states)
        {
            if (!create)
            {
                return null;
            }

            states = [];
            layout["states"] = states;
        }

        return states;
    }

    private static JsonArray Array(JsonObject definition, string name)
    {
        if (definition[name] is JsonArray array)
        {
            return array;
        }

        array = [];
        definition[name] = array;
        return array;
    }

    private static void RemoveWhere(JsonArray array, Func<JsonNode?, bool> predicate)
    {
        for (var i = array.Count - 1; i >= 0; i--)
        {
            if (predicate(array[i]))
            {
                array.RemoveAt(i);
            }
        }
    }

    private static string Unused(IReadOnlyCollection<string> taken, string stem)
    {
        var candidate = stem;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = stem + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private static readonly JsonSerializerOptions s_write = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

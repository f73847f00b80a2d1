using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Segur.Workflows.Engine.Definitions;

namespace Segur.Studio.Pages.Definitions;

public enum RuleKind
{
    Number,
    Percent,
    Duration,
    Text,
    YesNo,
    Table,
    Lists,
    List,
    Rows,
    Other,
}

/// <summary>Reads a rule's type from its value and name, shows it as analysts read it, and checks what they type.</summary>
public static class RuleValues
{
    private static readonly CultureInfo s_fr = CultureInfo.GetCultureInfo("fr-FR");

    public static readonly JsonSerializerOptions Written = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static RuleKind KindOf(string name, JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            name.StartsWith("pourcentage", StringComparison.Ordinal) || name.StartsWith("taux", StringComparison.Ordinal) ? RuleKind.Percent : RuleKind.Number,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Durations.TryParse(v.GetValue<string>(), out _) ? RuleKind.Duration : RuleKind.Text,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => RuleKind.YesNo,
        // An empty table is a table of lists only when the schema says so (piecesRequises): by default, one of amounts.
        JsonObject o when (o.Count > 0 || RuleSchema.Of(name).AllowedKeys is not null)
                          && o.All(p => p.Value is JsonArray a && a.All(i => i is JsonValue iv && iv.GetValueKind() == JsonValueKind.String)) => RuleKind.Lists,
        JsonObject o when o.All(p => p.Value is JsonValue pv && pv.GetValueKind() == JsonValueKind.Number) => RuleKind.Table,
        JsonArray a when a.All(i => i is JsonValue iv && iv.GetValueKind() == JsonValueKind.String) => RuleKind.List,
        JsonArray a when a.Count > 0 && a.All(i => i is JsonObject o && o.All(p => p.Value is JsonValue)) => RuleKind.Rows,
        _ => RuleKind.Other,
    };

    public static string KindLabel(RuleKind kind) => kind switch
    {
        RuleKind.Number => "nombre",
        RuleKind.Percent => "pourcentage",
        RuleKind.Duration => "durée",
        RuleKind.Text => "texte",
        RuleKind.YesNo => "oui / non",
        RuleKind.Table => "table de montants",
        RuleKind.Lists => "listes de codes par clé",
        RuleKind.List => "liste",
        RuleKind.Rows => "tableau",
        _ => "structure (vue JSON)",
    };

    /// <summary>The value as it is typed in the editor: "1200", "30", "P7D".</summary>
    public static string Text(JsonNode? value) => value switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<decimal>().ToString(s_fr),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "oui",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "non",
        _ => value?.ToJsonString(Written) ?? "",
    };

    /// <summary>What the value means, in words ("7 jours", "30 %", "1 200").</summary>
    public static string Words(RuleKind kind, JsonNode? value) => kind switch
    {
        RuleKind.Duration => Durations.ToWords(Text(value)) ?? "",
        RuleKind.Percent => $"{Text(value)} %",
        RuleKind.Number => StudioText.Number(value!.GetValue<decimal>()),
        _ => "",
    };

    /// <summary>The JSON value for what the analyst typed, or a French error saying what is expected.</summary>
    public static (JsonNode? Value, string? Error) Parse(RuleKind kind, string? typed)
    {
        var text = (typed ?? "").Trim();
        switch (kind)
        {
            case RuleKind.Number or RuleKind.Percent:
                if (!decimal.TryParse(text.Replace(" ", "", StringComparison.Ordinal).Replace('\u202f'.ToString(), "", StringComparison.Ordinal), NumberStyles.Number, s_fr, out var number)
                    && !decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out number))
                {
                    return (null, $"« {text} » n'est pas un nombre (exemple : 1200 ou 12,5)");
                }

                if (number < 0)
                {
                    return (null, "un nombre positif ou nul est attendu");
                }

                return kind == RuleKind.Percent && number > 100
                    ? (null, "un pourcentage va de 0 à 100")
                    : (JsonValue.Create(number), null);
            case RuleKind.Duration:
                return Durations.TryParse(text, out _)
                    ? (JsonValue.Create(text), null)
                    : (null, $"« {text} » n'est pas une durée ISO-8601 (exemples : P7D pour 7 jours, PT12H pour 12 heures)");
            case RuleKind.YesNo:
                return text.ToLowerInvariant() switch
                {
                    "oui" or "true" => (JsonValue.Create(true), null),
                    "non" or "false" => (JsonValue.Create(false), null),
                    _ => (null, "répondez oui ou non"),
                };
            default:
                return (JsonValue.Create(text), null);
        }
    }
}

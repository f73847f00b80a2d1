using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Segur.Workflows.Engine.Definitions;

namespace Segur.Studio.Pages.Definitions;

/// <summary>
/// What the definitions' schema says of one rule (rules.properties.NAME), so that the rules editor checks what the analyst
/// types with the validator's own constraints: its description, the keys a table accepts, the pattern of a list's codes.
/// </summary>
public sealed record RuleSchema(string? Description, IReadOnlyList<string>? AllowedKeys, Regex? ItemPattern)
{
    private static readonly Lazy<JsonObject?> s_rules = new(() =>
        JsonNode.Parse(DefinitionCompiler.SchemaText())?["properties"]?["rules"]?["properties"] as JsonObject);

    private static readonly RuleSchema s_none = new(null, null, null);

    /// <summary>The schema of the rule <paramref name="name"/>; nothing known when the schema leaves the rule free.</summary>
    public static RuleSchema Of(string name)
    {
        if (s_rules.Value?[name] is not JsonObject rule)
        {
            return s_none;
        }

        var keys = rule["propertyNames"]?["enum"] is JsonArray names ? names.Select(n => n?.GetValue<string>()).OfType<string>().ToList() : null;
        var pattern = (rule["additionalProperties"]?["items"] ?? rule["items"])?["pattern"] is JsonValue p && p.TryGetValue<string>(out var text)
            ? new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            : null;
        return new RuleSchema(rule["description"]?.GetValue<string>(), keys, pattern);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Segur.Workflows.Imports;

/// <summary>
/// A quick, allocation-light reading of the import schema that only ever vouches for a value: <see cref="Vouches"/> is
/// true when the value certainly passes the schema, false when it may not. A line it vouches for needs no evaluation by
/// JsonSchema.Net (which costs about half a millisecond and a lot of garbage per line); any other line is evaluated in
/// full and gets its detailed French messages from there (docs/decisions/0135-import-read-fast-path.md). So this class
/// may be stricter than the schema, never looser: a keyword it does not know, a number it cannot read as a decimal, a
/// text it cannot measure for sure make it answer false.
/// </summary>
public sealed class QuickSchemaCheck
{
    private static readonly HashSet<string> s_annotations = ["$schema", "$id", "description", "title", "examples", "default", "$comment", "$defs"];

    private readonly Node _root;

    private QuickSchemaCheck(Node root) => _root = root;

    /// <summary>Compiles <paramref name="schema"/> (whose <c>$ref</c>s point into <paramref name="document"/>'s <c>$defs</c>).</summary>
    public static QuickSchemaCheck Of(JsonNode schema, JsonObject document) => new(Compile(schema, document, 0));

    public bool Vouches(JsonElement value) => _root.Vouches(value);

    private static Node Compile(JsonNode? schema, JsonObject document, int depth)
    {
        if (depth > 32)
        {
            return Node.Unsure;
        }

        switch (schema)
        {
            case JsonValue boolean when boolean.TryGetValue<bool>(out var accepts):
                return accepts ? new Node() : Node.Unsure;
            case not JsonObject:
                return Node.Unsure;
        }

        var node = new Node();
        foreach (var (keyword, value) in schema.AsObject())
        {
            if (s_annotations.Contains(keyword) || keyword.StartsWith("x-", StringComparison.Ordinal))
            {
                continue;
            }

            switch (keyword, value)
            {
                case ("$ref", JsonValue reference) when Definition(reference.GetValue<string>(), document) is { } target:
                    node.AllOf.Add(Compile(target, document, depth + 1));
                    break;
                case ("type", JsonValue one):
                    node.Types = [one.GetValue<string>()];
                    break;
                case ("type", JsonArray many):
                    node.Types = many.Select(t => t!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                    break;
                case ("enum", JsonArray values):
                    node.Enum = values.Select(v => v is null ? JsonSerializer.SerializeToElement<object?>(null) : JsonSerializer.SerializeToElement(v)).ToList();
                    break;
                case ("required", JsonArray names):
                    node.Required = names.Select(n => n!.GetValue<string>()).ToList();
                    break;
                case ("properties", JsonObject properties):
                    node.Properties = properties.ToDictionary(p => p.Key, p => Compile(p.Value, document, depth + 1), StringComparer.Ordinal);
                    break;
                case ("additionalProperties", JsonValue additional) when additional.TryGetValue<bool>(out var allowed):
                    node.NoAdditional = !allowed;
                    break;
                case ("items", JsonObject items):
                    node.Items = Compile(items, document, depth + 1);
                    break;
                case ("anyOf", JsonArray choices):
                    node.AnyOf = choices.Select(c => Compile(c, document, depth + 1)).ToList();
                    break;
                case ("minItems", JsonValue n):
                    node.MinItems = n.GetValue<int>();
                    break;
                case ("maxItems", JsonValue n):
                    node.MaxItems = n.GetValue<int>();
                    break;
                case ("minLength", JsonValue n):
                    node.MinLength = n.GetValue<int>();
                    break;
                case ("maxLength", JsonValue n):
                    node.MaxLength = n.GetValue<int>();
                    break;
                case ("pattern", JsonValue pattern):
                    node.Pattern = new Regex(pattern.GetValue<string>(), RegexOptions.CultureInvariant | RegexOptions.Compiled);
                    break;
                case ("minimum", JsonValue n) when Decimal(n) is { } d:
                    node.Minimum = d;
                    break;
                case ("exclusiveMinimum", JsonValue n) when Decimal(n) is { } d:
                    node.ExclusiveMinimum = d;
                    break;
                case ("maximum", JsonValue n) when Decimal(n) is { } d:
                    node.Maximum = d;
                    break;
                case ("multipleOf", JsonValue n) when Decimal(n) is { } d and > 0:
                    node.MultipleOf = d;
                    break;
                default:
                    // A keyword this check does not read: never vouch for what it constrains.
                    return Node.Unsure;
            }
        }

        return node;
    }

    private static JsonNode? Definition(string reference, JsonObject document)
    {
        const string prefix = "#/$defs/";
        return reference.StartsWith(prefix, StringComparison.Ordinal) && document["$defs"] is JsonObject definitions
            ? definitions[reference[prefix.Length..]]
            : null;
    }

    private static decimal? Decimal(JsonValue value) =>
        decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private sealed class Node
    {
        public static readonly Node Unsure = new() { IsUnsure = true };

        public bool IsUnsure { get; private init; }

        public List<Node> AllOf { get; } = [];

        public HashSet<string>? Types { get; set; }

        public List<JsonElement>? Enum { get; set; }

        public List<string>? Required { get; set; }

        public Dictionary<string, Node>? Properties { get; set; }

        public bool NoAdditional { get; set; }

        public Node? Items { get; set; }

        public List<Node>? AnyOf { get; set; }

        public int? MinItems { get; set; }

        public int? MaxItems { get; set; }

        public int? MinLength { get; set; }

        public int? MaxLength { get; set; }

        public Regex? Pattern { get; set; }

        public decimal? Minimum { get; set; }

        public decimal? ExclusiveMinimum { get; set; }

        public decimal? Maximum { get; set; }

        public decimal? MultipleOf { get; set; }

        public bool Vouches(JsonElement value)
        {
            if (IsUnsure || (Types is not null && !HasType(value)) || (Enum is not null && !Enum.Any(e => JsonElement.DeepEquals(e, value))))
            {
                return false;
            }

            foreach (var part in AllOf)
            {
                if (!part.Vouches(value))
                {
                    return false;
                }
            }

            if (AnyOf is not null && !AnyOf.Any(c => c.Vouches(value)))
            {
                return false;
            }

            return value.ValueKind switch
            {
                JsonValueKind.Object => VouchesObject(value),
                JsonValueKind.Array => VouchesArray(value),
                JsonValueKind.String => VouchesString(value),
                JsonValueKind.Number => VouchesNumber(value),
                _ => true,
            };
        }

        private bool HasType(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Object => Types!.Contains("object"),
            JsonValueKind.Array => Types!.Contains("array"),
            JsonValueKind.String => Types!.Contains("string"),
            JsonValueKind.True or JsonValueKind.False => Types!.Contains("boolean"),
            JsonValueKind.Null => Types!.Contains("null"),
            // An integer written as a whole number without exponent or fraction: "1.0" or "1e2" is left to the full check.
            JsonValueKind.Number => Types!.Contains("number") || (Types.Contains("integer") && value.TryGetInt64(out _)),
            _ => false,
        };

        private bool VouchesObject(JsonElement value)
        {
            if (Required is not null)
            {
                foreach (var name in Required)
                {
                    if (!value.TryGetProperty(name, out _))
                    {
                        return false;
                    }
                }
            }

            if (Properties is null && !NoAdditional)
            {
                return true;
            }

            foreach (var property in value.EnumerateObject())
            {
                if (Properties is not null && Properties.TryGetValue(property.Name, out var child))
                {
                    if (!child.Vouches(property.Value))
                    {
                        return false;
                    }
                }
                else if (NoAdditional)
                {
                    return false;
                }
            }

            return true;
        }

        private bool VouchesArray(JsonElement value)
        {
            var count = value.GetArrayLength();
            if (count < (MinItems ?? 0) || count > (MaxItems ?? int.MaxValue))
            {
                return false;
            }

            if (Items is not null)
            {
                foreach (var item in value.EnumerateArray())
                {
                    if (!Items.Vouches(item))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        private bool VouchesString(JsonElement value)
        {
            if (MinLength is null && MaxLength is null && Pattern is null)
            {
                return true;
            }

            var text = value.GetString()!;
            // Lengths count code points (or text elements): a UTF-16 length is never smaller, so it settles a maximum;
            // a minimum is settled by it only for ASCII text, where every count agrees.
            if (MaxLength is { } max && text.Length > max)
            {
                return false;
            }

            if (MinLength is { } min && !(min <= 0 || (min == 1 ? text.Length > 0 : text.Length >= min && System.Text.Ascii.IsValid(text))))
            {
                return false;
            }

            // "$" also matches before a final line feed in .NET: such a text is left to the full check.
            return Pattern is null || (!text.Contains('\n') && Pattern.IsMatch(text));
        }

        private bool VouchesNumber(JsonElement value)
        {
            if (Minimum is null && ExclusiveMinimum is null && Maximum is null && MultipleOf is null)
            {
                return true;
            }

            // Only a short number without exponent is read exactly as a decimal (a longer one may be rounded by the reading).
            var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value);
            if (raw.Length > 20 || raw.IndexOfAny((byte)'e', (byte)'E') >= 0 || !value.TryGetDecimal(out var number))
            {
                return false;
            }

            return (Minimum is null || number >= Minimum) && (ExclusiveMinimum is null || number > ExclusiveMinimum)
                   && (Maximum is null || number <= Maximum) && (MultipleOf is null || number % MultipleOf.Value == 0);
        }
    }
}

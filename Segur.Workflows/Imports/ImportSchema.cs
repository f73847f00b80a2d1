using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Segur.Workflows.Imports;

/// <summary>
/// The published JSON Schema of the import file. The header is checked as a whole; each line is checked on its
/// own against <c>$defs/ligne</c>, so that one broken line is rejected alone. Messages are French and name the path.
/// </summary>
public static partial class ImportSchema
{
    public const string ResourceName = "Segur.Workflows.import-financement.schema.json";

    private static readonly Lazy<(JsonSchema File, JsonSchema Line)> s_schemas = new(Load);
    private static readonly Lazy<(QuickSchemaCheck File, QuickSchemaCheck Line)> s_quick = new(LoadQuick);
    private static readonly EvaluationOptions s_detailed = new() { OutputFormat = OutputFormat.List };
    private static readonly Lazy<(ImportShape File, ImportShape Line, ImportLimits Limits)> s_shapes = new(LoadShapes);

    /// <summary>The fields known in the header.</summary>
    public static ImportShape FileShape => s_shapes.Value.File;

    /// <summary>The fields known in a line.</summary>
    public static ImportShape LineShape => s_shapes.Value.Line;

    /// <summary>The sizes the schema sets (<c>x-tailleMaxOctets</c> of the file and of a line).</summary>
    public static ImportLimits Limits => s_shapes.Value.Limits;

    public static string Text()
    {
        using var stream = typeof(ImportSchema).Assembly.GetManifestResourceStream(ResourceName)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // A value the quick check vouches for passes the schema: only the others are evaluated, in full, for their messages.
    public static IReadOnlyList<string> FileProblems(JsonElement file) =>
        s_quick.Value.File.Vouches(file) ? [] : Problems(s_schemas.Value.File, file, "");

    public static IReadOnlyList<string> LineProblems(JsonElement line, int index) =>
        s_quick.Value.Line.Vouches(line) ? [] : Problems(s_schemas.Value.Line, line, $"lignesImport[{index}]");

    /// <summary>The full evaluation by JsonSchema.Net, with no shortcut: what the quick check is measured against.</summary>
    internal static bool PassesFullSchema(JsonElement line) => s_schemas.Value.Line.Evaluate(line, s_detailed).IsValid;

    /// <summary>Whether the quick check vouches for a line (tests compare it with <see cref="PassesFullSchema"/>).</summary>
    internal static bool QuickVouches(JsonElement line) => s_quick.Value.Line.Vouches(line);

    private static List<string> Problems(JsonSchema schema, JsonElement value, string prefix)
    {
        var results = schema.Evaluate(value, s_detailed);
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => Describe(prefix + ToPath(d.InstanceLocation.ToString()), e.Key, e.Value)))
            .Distinct()
            .ToList();
    }

    private static string ToPath(string pointer)
    {
        var path = "";
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path += int.TryParse(segment, out var index) ? $"[{index}]" : "." + segment;
        }

        return path;
    }

    private static string Describe(string path, string keyword, string message)
    {
        var field = path.TrimStart('.');
        if (field.Length == 0)
        {
            field = "fichier";
        }

        return keyword switch
        {
            "required" => string.Join(" ; ", Quoted().Matches(message).Select(m => $"{Join(field, m.Groups[1].Value)} : champ obligatoire manquant")),
            "type" => $"{field} : type de valeur incorrect ({TypeLabel(message)})",
            "enum" or "const" => $"{field} : valeur non autorisée",
            "pattern" => $"{field} : format incorrect",
            "exclusiveMinimum" => $"{field} : doit être strictement positif",
            "minimum" => $"{field} : valeur trop petite",
            "maximum" or "exclusiveMaximum" => $"{field} : valeur trop grande",
            "minLength" => $"{field} : ne doit pas être vide",
            "maxLength" => $"{field} : texte trop long ({Limit(message)} caractères)",
            "minItems" => $"{field} : au moins un élément est attendu",
            "maxItems" => $"{field} : trop d'éléments ({Limit(message)})",
            "multipleOf" => $"{field} : au plus 2 décimales (montant en euros et centimes)",
            "additionalProperties" => $"{field} : champ inconnu",
            _ => $"{field} : valeur invalide ({message})",
        };
    }

    private static string Join(string field, string property) => field == "fichier" ? property : $"{field}.{property}";

    private static string TypeLabel(string message)
    {
        var found = Quoted().Matches(message).Select(m => m.Groups[1].Value).ToList();
        return found.Count >= 2 ? $"reçu {French(found[0])}, attendu {string.Join(" ou ", found.Skip(1).Select(French))}" : message;

        static string French(string type) => type switch
        {
            "string" => "texte",
            "number" or "integer" => "nombre",
            "boolean" => "booléen",
            "object" => "objet",
            "array" => "liste",
            "null" => "null",
            _ => type,
        };
    }

    private static string Limit(string message) => Number().Match(message) is { Success: true } m ? $"au plus {m.Value}" : message;

    private static (ImportShape, ImportShape, ImportLimits) LoadShapes()
    {
        var root = JsonNode.Parse(Text())!.AsObject();
        var line = root["$defs"]!["ligne"]!;
        return (ImportShape.Of(root, root)!, ImportShape.Of(line, root)!,
            new ImportLimits(root["x-tailleMaxOctets"]!.GetValue<int>(), line["x-tailleMaxOctets"]!.GetValue<int>()));
    }

    private static (QuickSchemaCheck, QuickSchemaCheck) LoadQuick()
    {
        var root = JsonNode.Parse(Text())!.AsObject();
        return (QuickSchemaCheck.Of(root, root), QuickSchemaCheck.Of(root["$defs"]!["ligne"]!, root));
    }

    private static (JsonSchema, JsonSchema) Load()
    {
        var text = Text();
        var file = JsonSchema.FromText(text);
        var root = JsonNode.Parse(text)!.AsObject();
        var line = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = "https://segur.example/schemas/import-financement-ligne.schema.json",
            ["$defs"] = root["$defs"]!.DeepClone(),
            ["$ref"] = "#/$defs/ligne",
        };
        return (file, JsonSchema.FromText(line.ToJsonString()));
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Number();

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();
}

/// <summary>The largest file and the largest line the import reads, in bytes.</summary>
public sealed record ImportLimits(int MaxFileBytes, int MaxLineBytes);

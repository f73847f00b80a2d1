using System.Text.Json.Nodes;

namespace Segur.Workflows.Imports;

/// <summary>
/// The field names the import schema knows at each place of the file, read from the schema itself, so that a name
/// the schema does not know is refused and a name given twice (whatever its case) is seen. Names are matched
/// case-insensitively and read back under the schema's spelling.
/// </summary>
public sealed class ImportShape
{
    private ImportShape(Dictionary<string, (string Name, ImportShape? Shape)>? properties, ImportShape? items)
    {
        Properties = properties;
        Items = items;
    }

    /// <summary>The known fields of an object, by name ignoring case; null when the place is not an object with fields.</summary>
    public IReadOnlyDictionary<string, (string Name, ImportShape? Shape)>? Properties { get; }

    /// <summary>The shape of an array's items.</summary>
    public ImportShape? Items { get; }

    /// <summary>Builds the shape of <paramref name="schema"/>, following <c>$ref</c> into <paramref name="root"/>'s <c>$defs</c>.</summary>
    public static ImportShape? Of(JsonNode? schema, JsonObject root)
    {
        if (schema is not JsonObject node)
        {
            return null;
        }

        if (node["$ref"]?.GetValue<string>() is { } reference)
        {
            return Of(root["$defs"]?[reference["#/$defs/".Length..]], root);
        }

        Dictionary<string, (string, ImportShape?)>? properties = null;
        if (node["properties"] is JsonObject known)
        {
            properties = new(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, child) in known)
            {
                properties[name] = (name, Of(child, root));
            }
        }

        var items = Of(node["items"], root);
        return properties is null && items is null ? null : new ImportShape(properties, items);
    }
}

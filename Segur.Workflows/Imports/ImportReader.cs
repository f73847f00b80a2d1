using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Segur.Workflows.Imports;

/// <summary>A line as read: its typed form when it passed the schema, else why it did not; its value as received.</summary>
public sealed record ReadLine(int Index, JsonElement Received, ImportLine? Line, LineVerdict? Problem)
{
    public string Path => $"lignesImport[{Index}]";
}

/// <summary>The file as read once: its header and each line.</summary>
public sealed record ReadFile(string NumeroAns, string Siret, IReadOnlyList<ReadLine> Lines, JsonDocument Document) : IDisposable
{
    public void Dispose() => Document.Dispose();
}

/// <summary>
/// Reads an import file once: one parse of the document, then each line read once into its typed form after the
/// schema checked it. A field the schema does not know, or given twice (names compared ignoring case), is refused
/// with its path; a line's problem rejects that line only (REJET_FORMAT), a header's refuses the file.
/// </summary>
public static class ImportReader
{
    private const string InvalidUnicode = "caractère invalide (UTF-8 incorrect, ou \\ud800 seul par exemple)";

    // A received value that cannot be written back as it came (a lone surrogate): the returned file says so instead.
    private static readonly JsonElement s_unreadable = JsonSerializer.SerializeToElement("valeur illisible : " + InvalidUnicode);

    private static readonly JsonDocumentOptions s_parse = new() { AllowTrailingCommas = false, MaxDepth = 32, CommentHandling = JsonCommentHandling.Disallow };

    public static ReadFile Read(byte[] content)
    {
        var limits = ImportSchema.Limits;
        var body = content.AsMemory();
        if (body.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            // Windows tools write a byte order mark: it is not part of the JSON.
            body = body[3..];
        }

        if (body.IsEmpty)
        {
            throw new ImportRefusedException(["Le fichier est vide."]);
        }

        if (body.Length > limits.MaxFileBytes)
        {
            throw new ImportRefusedException([$"Le fichier pèse {body.Length / 1024 / 1024.0:0.#} Mo : la taille maximale est de {limits.MaxFileBytes / 1024 / 1024} Mo (200 demandes)."]);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, s_parse);
        }
        catch (JsonException ex)
        {
            throw new ImportRefusedException([$"Le fichier n'est pas un JSON valide : erreur ligne {(ex.LineNumber ?? 0) + 1}, colonne {(ex.BytePositionInLine ?? 0) + 1} (un JSON en UTF-8 est attendu)."]);
        }

        try
        {
            return ReadDocument(document, limits);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static ReadFile ReadDocument(JsonDocument document, ImportLimits limits)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ImportRefusedException(["Le fichier doit contenir un objet JSON avec numeroAns, siret et lignesImport."]);
        }

        // The header: its fields by their schema name; the lines are read one by one below.
        var problems = new List<string>();
        var header = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var name = NameOf(property, "", problems);
            if (name is null)
            {
                continue;
            }

            if (ImportSchema.FileShape.Properties!.TryGetValue(name, out var known) is false)
            {
                problems.Add($"{name} : champ inconnu (champs attendus : {string.Join(", ", ImportSchema.FileShape.Properties!.Values.Select(v => v.Name))})");
            }
            else if (!seen.TryAdd(known.Name, name))
            {
                problems.Add($"{name} : champ en double (déjà donné sous le nom « {seen[known.Name]} »)");
            }
            else
            {
                header[known.Name] = property.Value;
                Strings(property.Value, known.Name, problems);
            }
        }

        if (problems.Count > 0)
        {
            throw new ImportRefusedException(problems);
        }

        if (header.TryGetValue("lignesImport", out var lines) && lines.ValueKind == JsonValueKind.Array && lines.GetArrayLength() is 0 or > ImportService.MaxLines)
        {
            throw new ImportRefusedException([$"Le fichier contient {lines.GetArrayLength()} demande(s) : un fichier doit en contenir de 1 à {ImportService.MaxLines}."]);
        }

        var headerProblems = ImportSchema.FileProblems(HeaderForSchema(header));
        if (headerProblems.Count > 0)
        {
            throw new ImportRefusedException(headerProblems);
        }

        var read = lines.EnumerateArray().Select((line, index) => ReadOne(line, index, limits)).ToList();
        return new ReadFile(header["numeroAns"].GetString()!, header["siret"].GetString()!, read, document);
    }

    /// <summary>The header with each line as an empty object (or its value when it is not one): the lines are checked alone.</summary>
    private static JsonElement HeaderForSchema(Dictionary<string, JsonElement> header)
    {
        var node = new JsonObject();
        foreach (var (name, value) in header)
        {
            node[name] = name == "lignesImport" && value.ValueKind == JsonValueKind.Array
                ? new JsonArray(value.EnumerateArray().Select(Shape).ToArray())
                : value.ValueKind == JsonValueKind.String ? JsonValue.Create(value.GetString()) : Shape(value);
        }

        return JsonSerializer.SerializeToElement(node);

        // Only the kind of a value counts where it is not a text of the header: its content is never copied.
        static JsonNode? Shape(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Object => new JsonObject(),
            JsonValueKind.Array => new JsonArray(),
            JsonValueKind.String => JsonValue.Create(""),
            JsonValueKind.Null => null,
            JsonValueKind.True or JsonValueKind.False => JsonValue.Create(value.GetBoolean()),
            _ => JsonValue.Create(0),
        };
    }

    private static ReadLine ReadOne(JsonElement line, int index, ImportLimits limits)
    {
        var path = $"lignesImport[{index}]";
        var size = JsonMarshal.GetRawUtf8Value(line).Length;
        if (size > limits.MaxLineBytes)
        {
            return Rejected($"{path} : la ligne pèse {size / 1024} Ko, au plus {limits.MaxLineBytes / 1024} Ko par ligne");
        }

        var problems = new List<string>();
        var renamed = false;
        Walk(line, ImportSchema.LineShape, path, problems, ref renamed);
        if (problems.Count > 0)
        {
            return Rejected(string.Join(" ; ", problems.Take(20)));
        }

        // Fields written with another case are read under the schema's spelling; the usual line is read as it came.
        var canonical = renamed ? JsonSerializer.SerializeToElement(Canonical(line, ImportSchema.LineShape)) : line;
        problems.AddRange(ImportSchema.LineProblems(canonical, index));
        if (problems.Count > 0)
        {
            return Rejected(string.Join(" ; ", problems.Take(20)));
        }

        try
        {
            return new ReadLine(index, line, canonical.Deserialize<ImportLine>(ImportLine.Json)!, null);
        }
        catch (JsonException ex)
        {
            return Rejected($"{path}{ex.Path?.TrimStart('$')} : valeur illisible");
        }

        // A line given back as received must be writable: one with a lone surrogate is described instead.
        ReadLine Rejected(string message) => new(index, Readable(line) ? line : s_unreadable, null, new LineVerdict(TreatmentCodes.Format, message));
    }

    /// <summary>Unknown or repeated fields and unreadable strings, each with its path.</summary>
    private static void Walk(JsonElement value, ImportShape? shape, string path, List<string> problems, ref bool renamed)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var property in value.EnumerateObject())
                {
                    var name = NameOf(property, path, problems);
                    if (name is null)
                    {
                        continue;
                    }

                    if (shape?.Properties is not { } known)
                    {
                        problems.Add($"{path}.{name} : champ inconnu");
                        continue;
                    }

                    if (!known.TryGetValue(name, out var field))
                    {
                        problems.Add($"{path}.{name} : champ inconnu");
                    }
                    else if (!seen.TryAdd(field.Name, name))
                    {
                        problems.Add($"{path}.{name} : champ en double (déjà donné sous le nom « {seen[field.Name]} »)");
                    }
                    else
                    {
                        renamed |= name != field.Name;
                        Walk(property.Value, field.Shape, $"{path}.{field.Name}", problems, ref renamed);
                    }
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Walk(item, shape?.Items, $"{path}[{i++}]", problems, ref renamed);
                }

                break;
            case JsonValueKind.String:
                Strings(value, path, problems);
                break;
        }
    }

    private static string? NameOf(JsonProperty property, string path, List<string> problems)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            problems.Add($"{(path.Length == 0 ? "fichier" : path)} : un nom de champ contient un {InvalidUnicode}");
            return null;
        }
    }

    private static void Strings(JsonElement value, string path, List<string> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return;
        }

        try
        {
            value.GetString();
        }
        catch (InvalidOperationException)
        {
            problems.Add($"{path} : le texte contient un {InvalidUnicode}");
        }
    }

    private static bool Readable(JsonElement value)
    {
        try
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    return value.EnumerateObject().All(p => p.Name.Length >= 0 && Readable(p.Value));
                case JsonValueKind.Array:
                    return value.EnumerateArray().All(Readable);
                case JsonValueKind.String:
                    value.GetString();
                    return true;
                default:
                    return true;
            }
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static JsonNode? Canonical(JsonElement value, ImportShape? shape) => value.ValueKind switch
    {
        JsonValueKind.Object => new JsonObject(value.EnumerateObject().Select(p =>
        {
            var field = shape!.Properties![p.Name];
            return KeyValuePair.Create(field.Name, Canonical(p.Value, field.Shape));
        })),
        JsonValueKind.Array => new JsonArray(value.EnumerateArray().Select(i => Canonical(i, shape?.Items)).ToArray()),
        _ => JsonValue.Create(value),
    };
}

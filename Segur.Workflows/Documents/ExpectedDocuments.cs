using System.Text.Json;

namespace Segur.Workflows.Documents;

/// <summary>One entry of the import line's <c>piecesJustificatives</c>: a file the request must carry.</summary>
public sealed record ExpectedDocument(string NomFichier, string? FormatFichier, string? TypeFichier);

/// <summary>The files an import line expects, and whether a request's documents cover them.</summary>
public static class ExpectedDocuments
{
    /// <summary>
    /// The <c>piecesJustificatives</c> of the line as imported (FinancingRequest.LineJson). A line without the
    /// array, or not readable, expects nothing in particular.
    /// </summary>
    public static IReadOnlyList<ExpectedDocument> FromLine(string? lineJson, int maxNameLength)
    {
        if (string.IsNullOrWhiteSpace(lineJson))
        {
            return [];
        }

        try
        {
            using var line = JsonDocument.Parse(lineJson);
            if (line.RootElement.ValueKind != JsonValueKind.Object
                || Property(line.RootElement, "piecesJustificatives") is not { ValueKind: JsonValueKind.Array } pieces)
            {
                return [];
            }

            var expected = new List<ExpectedDocument>();
            foreach (var piece in pieces.EnumerateArray())
            {
                if (piece.ValueKind == JsonValueKind.Object
                    && Text(piece, "nomFichier") is { } raw
                    && DocumentFileName.Clean(raw, maxNameLength) is { Length: > 0 } name
                    && !expected.Any(e => DocumentFileName.Comparer.Equals(e.NomFichier, name)))
                {
                    expected.Add(new ExpectedDocument(name, Text(piece, "formatFichier"), Text(piece, "typeFichier")));
                }
            }

            return expected;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The expected names that no document carries (names compared without case).</summary>
    public static IReadOnlyList<string> Missing(IReadOnlyList<ExpectedDocument> expected, IEnumerable<string> documentNames)
    {
        var present = documentNames.ToHashSet(DocumentFileName.Comparer);
        return [.. expected.Where(e => !present.Contains(e.NomFichier)).Select(e => e.NomFichier)];
    }

    /// <summary>Every expected name has a document; when the line lists none, at least one document.</summary>
    public static bool IsComplete(IReadOnlyList<ExpectedDocument> expected, IReadOnlyCollection<string> documentNames) =>
        expected.Count == 0 ? documentNames.Count > 0 : Missing(expected, documentNames).Count == 0;

    public static ExpectedDocument? Find(IReadOnlyList<ExpectedDocument> expected, string fileName) =>
        expected.FirstOrDefault(e => DocumentFileName.Comparer.Equals(e.NomFichier, fileName));

    // The import keeps the field names of domain.md; the lookup tolerates another case, as the import does.
    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.TryGetProperty(name, out var exact))
        {
            return exact;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text : null;
}

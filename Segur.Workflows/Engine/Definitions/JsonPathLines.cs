using System.Text;
using System.Text.Json;

namespace Segur.Workflows.Engine.Definitions;

/// <summary>Finds the line of a JSON path such as <c>$.transitions[3].to</c> in a definition's text, to show a problem at its place.</summary>
public static class JsonPathLines
{
    /// <summary>Every path of the text with its 1-based line; paths the text does not reach (a missing property) are absent.</summary>
    public static IReadOnlyDictionary<string, int> Index(string json)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal) { ["$"] = 1 };
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var stack = new Stack<(string Path, bool IsArray, int Index)>();
        string? property = null;
        var newlines = 0;
        var scanned = 0;
        try
        {
            while (reader.Read())
            {
                var at = (int)reader.TokenStartIndex;
                for (; scanned < at; scanned++)
                {
                    if (bytes[scanned] == (byte)'\n')
                    {
                        newlines++;
                    }
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString();
                    lines.TryAdd(stack.Peek().Path + "." + property, newlines + 1);
                    continue;
                }

                if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    stack.Pop();
                    continue;
                }

                var path = "$";
                if (stack.Count > 0)
                {
                    var parent = stack.Pop();
                    path = parent.IsArray ? $"{parent.Path}[{parent.Index}]" : $"{parent.Path}.{property}";
                    stack.Push(parent with { Index = parent.Index + 1 });
                }

                lines.TryAdd(path, newlines + 1);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    stack.Push((path, reader.TokenType == JsonTokenType.StartArray, 0));
                }
            }
        }
        catch (JsonException)
        {
            // Malformed text: the paths read so far still help.
        }

        return lines;
    }

    /// <summary>The line of <paramref name="path"/>, or of its nearest parent the text has.</summary>
    public static int LineOf(IReadOnlyDictionary<string, int> index, string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (index.TryGetValue(p, out var line))
            {
                return line;
            }
        }

        return 1;

        static string Parent(string p)
        {
            var cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            return cut <= 0 ? (p == "$" ? "" : "$") : p[..cut];
        }
    }
}

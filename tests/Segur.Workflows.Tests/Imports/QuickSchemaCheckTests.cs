using System.Text.Json;
using System.Text.Json.Nodes;
using Segur.Workflows.Imports;

namespace Segur.Workflows.Tests.Imports;

/// <summary>
/// The quick schema check lets a line skip JsonSchema.Net's evaluation only when it is sure the line passes: over
/// thousands of mutated lines it never vouches for one the full schema rejects, and it vouches for the sample's lines.
/// </summary>
public sealed class QuickSchemaCheckTests
{
    private static readonly JsonNode?[] s_values =
    [
        null, "", " ", "x", new string('x', 101), new string('x', 300), "é", "a/b", "12\n", "2026-13-45", "2026-09-15", "15/09/2026", "2026-09-15\n",
        "HT", "TTC", "XX", "C", "LIBERAL", "STRUCTURE", "10101010105", "12345678901234", 0, -1, 1, -5, 100001, 0.001, 0.01, 1.5, 358.33, 358.335,
        1e25, 100000000, 100000000.01, true, false, new JsonObject(), new JsonArray(), new JsonArray(1, 2), new JsonObject { ["x"] = 1 },
    ];

    [Fact]
    public void TheSampleLines_AreVouchedFor_WithoutTheFullEvaluation()
    {
        foreach (var line in SampleLines())
        {
            var element = JsonSerializer.SerializeToElement(line);
            Assert.True(ImportSchema.QuickVouches(element), line.ToJsonString());
            Assert.True(ImportSchema.PassesFullSchema(element));
        }
    }

    [Fact]
    public void AMutatedLine_IsNeverVouchedFor_WhenTheFullSchemaRejectsIt()
    {
        var checkedLines = 0;
        var rejectedByTheSchema = 0;
        foreach (var sample in SampleLines())
        {
            foreach (var mutated in Mutations(sample))
            {
                var element = JsonSerializer.SerializeToElement(mutated);
                var passes = ImportSchema.PassesFullSchema(element);
                checkedLines++;
                rejectedByTheSchema += passes ? 0 : 1;
                Assert.False(!passes && ImportSchema.QuickVouches(element), $"vouched for a line the schema rejects: {mutated.ToJsonString()}");
            }
        }

        Assert.True(checkedLines > 2000 && rejectedByTheSchema > 1000, $"{checkedLines} lines, {rejectedByTheSchema} rejected by the schema");
    }

    private static List<JsonObject> SampleLines()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Imports", "avance-3-lignes.json")))!.AsObject();
        var lines = ImportFixture.Lines(file);
        var solde = lines[0].DeepClone().AsObject();
        solde["numeroASP"] = "ASP260000001M0";
        solde["facture"] = new JsonObject { ["montantSegurHTFacture"] = 400.5m, ["numeroFacture"] = "F-1", ["dateFacture"] = null };
        solde["deploiementMSS"] = "Cas 1";
        var structure = lines[0].DeepClone().AsObject();
        structure["beneficiaires"]!["commandePour"] = "STRUCTURE";
        structure["beneficiaires"]!["structure"] = new JsonObject { ["FINESSJuridique"] = "010000024", ["FINESSGeo"] = new JsonArray("010000032") };
        return [.. lines, solde, structure];
    }

    /// <summary>Each place of the line given each value, removed, or joined by an unknown field; then pairs of changes.</summary>
    private static IEnumerable<JsonObject> Mutations(JsonObject line)
    {
        var places = Places(line, []).ToList();
        foreach (var place in places)
        {
            foreach (var value in s_values)
            {
                yield return With(line, place, value);
            }

            yield return Without(line, place);
        }

        var random = new Random(11);
        for (var i = 0; i < 400; i++)
        {
            var first = With(line, places[random.Next(places.Count)], s_values[random.Next(s_values.Length)]);
            var again = Places(first, []).ToList();
            yield return With(first, again[random.Next(again.Count)], s_values[random.Next(s_values.Length)]);
        }
    }

    private static IEnumerable<List<object>> Places(JsonNode? node, List<object> path)
    {
        switch (node)
        {
            case JsonObject o:
                if (path.Count > 0)
                {
                    yield return path;
                }

                foreach (var (name, child) in o)
                {
                    foreach (var p in Places(child, [.. path, name]))
                    {
                        yield return p;
                    }
                }

                yield return [.. path, "champInconnu"];
                break;
            case JsonArray a:
                yield return path;
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var p in Places(a[i], [.. path, i]))
                    {
                        yield return p;
                    }
                }

                break;
            default:
                yield return path;
                break;
        }
    }

    private static JsonObject With(JsonObject line, List<object> path, JsonNode? value) => Change(line, path, parent =>
    {
        switch (parent, path[^1])
        {
            case (JsonObject o, string name):
                o[name] = value?.DeepClone();
                break;
            case (JsonArray a, int index):
                a[index] = value?.DeepClone();
                break;
        }
    });

    private static JsonObject Without(JsonObject line, List<object> path) => Change(line, path, parent =>
    {
        switch (parent, path[^1])
        {
            case (JsonObject o, string name):
                o.Remove(name);
                break;
            case (JsonArray a, int index):
                a.RemoveAt(index);
                break;
        }
    });

    private static JsonObject Change(JsonObject line, List<object> path, Action<JsonNode> change)
    {
        var copy = line.DeepClone().AsObject();
        JsonNode parent = copy;
        foreach (var step in path[..^1])
        {
            parent = step is int i ? parent[i]! : parent[(string)step]!;
        }

        change(parent);
        return copy;
    }
}

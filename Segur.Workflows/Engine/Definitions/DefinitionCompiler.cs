using System.Text.Json;
using Fluid;
using Json.Schema;
using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Engine.Expressions;

namespace Segur.Workflows.Engine.Definitions;

/// <summary>
/// Validates a definition (JSON Schema, then meaning) and compiles it. Every problem is reported with its
/// JSON path; nothing with a problem can be compiled, saved as valid or published.
/// </summary>
public sealed class DefinitionCompiler(ActivityRegistry activities, IEnumerable<RequiredRules> requiredRules)
{
    public DefinitionCompiler(ActivityRegistry activities)
        : this(activities, [])
    {
    }

    public static readonly IReadOnlySet<string> Roles =
        new HashSet<string> { "Fournisseur", "Gestionnaire", "Analyste", "Administrateur", "Systeme" };

    internal static readonly FluidParser Liquid = new();

    private static readonly Lazy<JsonSchema> s_schema = new(LoadSchema);

    public ActivityRegistry Activities { get; } = activities;

    /// <summary>Rules that code outside the definitions reads, per subject type.</summary>
    public IReadOnlyList<RequiredRules> RequiredRules { get; } = [.. requiredRules];

    /// <summary>Problems of a definition's JSON text; empty when it can be published.</summary>
    public IReadOnlyList<DefinitionProblem> Validate(string json) => TryCompile(json, 0, out _);

    public CompiledDefinition Compile(string json, int version)
    {
        var problems = TryCompile(json, version, out var compiled);
        return problems.Count == 0
            ? compiled!
            : throw new InvalidDefinitionException(TryReadId(json) ?? "?", problems);
    }

    public IReadOnlyList<DefinitionProblem> TryCompile(string json, int version, out CompiledDefinition? compiled)
    {
        compiled = null;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return [new DefinitionProblem("$", $"JSON mal formé (ligne {ex.LineNumber + 1}, colonne {ex.BytePositionInLine + 1}) : {ex.Message}")];
        }

        var problems = SchemaProblems(root);
        if (problems.Count > 0)
        {
            return problems;
        }

        WorkflowDefinition model;
        try
        {
            model = root.Deserialize<WorkflowDefinition>(DefinitionJson.Options)!;
        }
        catch (JsonException ex)
        {
            return [new DefinitionProblem(ex.Path ?? "$", ex.Message)];
        }

        return new SemanticCheck(model, Activities, RequiredRules).Run(version, out compiled);
    }

    /// <summary>
    /// The model of a definition already validated (a published version), read without checking nor compiling it: pages read
    /// its states and rules (decision 0214).
    /// </summary>
    public static WorkflowDefinition ReadModel(string json) =>
        JsonSerializer.Deserialize<WorkflowDefinition>(json, DefinitionJson.Options)
        ?? throw new JsonException("La définition est vide.");

    private static List<DefinitionProblem> SchemaProblems(JsonElement root)
    {
        var results = s_schema.Value.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => new DefinitionProblem(ToJsonPath(d.InstanceLocation.ToString()), e.Value)))
            .Distinct()
            .ToList();
    }

    /// <summary>"/transitions/3/to" → "$.transitions[3].to".</summary>
    internal static string ToJsonPath(string pointer)
    {
        var path = "$";
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = segment.Replace("~1", "/").Replace("~0", "~");
            path += int.TryParse(name, out var index) ? $"[{index}]" : "." + name;
        }

        return path;
    }

    private static string? TryReadId(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonSchema LoadSchema()
    {
        using var stream = typeof(DefinitionCompiler).Assembly
            .GetManifestResourceStream("Segur.Workflows.workflow-definition.schema.json")
            ?? throw new InvalidOperationException("The definition schema is not embedded.");
        using var reader = new StreamReader(stream);
        return JsonSchema.FromText(reader.ReadToEnd());
    }

    public static string SchemaText()
    {
        using var stream = typeof(DefinitionCompiler).Assembly
            .GetManifestResourceStream("Segur.Workflows.workflow-definition.schema.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

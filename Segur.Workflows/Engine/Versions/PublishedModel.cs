using Segur.Workflows.Engine.Definitions;

namespace Segur.Workflows.Engine.Versions;

/// <summary>
/// A published version as its stored JSON reads: its states, labels and rules, without its expressions, templates and schema
/// compiled (decision 0214). What pages show; running an instance needs the <see cref="CompiledDefinition"/>.
/// </summary>
public sealed class PublishedModel
{
    public PublishedModel(WorkflowDefinition model, int version)
        : this(model, version, PlainData.FromRules(model.Rules))
    {
    }

    private PublishedModel(WorkflowDefinition model, int version, IReadOnlyDictionary<string, object?> rules)
    {
        Model = model;
        Version = version;
        Rules = rules;
    }

    public WorkflowDefinition Model { get; }

    public int Version { get; }

    /// <summary>The rules as plain values, as <see cref="CompiledDefinition.Rules"/> gives them.</summary>
    public IReadOnlyDictionary<string, object?> Rules { get; }

    public static PublishedModel Of(CompiledDefinition compiled) => new(compiled.Model, compiled.Version, compiled.Rules);
}

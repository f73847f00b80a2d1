namespace Segur.Workflows.Engine.Definitions;

/// <summary>One thing wrong with a definition, at a JSON path such as <c>$.transitions[3].to</c>.</summary>
public sealed record DefinitionProblem(string Path, string Message)
{
    public override string ToString() => $"{Path} : {Message}";
}

public sealed class InvalidDefinitionException(string definitionId, IReadOnlyList<DefinitionProblem> problems)
    : Exception($"La définition « {definitionId} » est invalide :\n" + string.Join("\n", problems.Select(p => "- " + p)))
{
    public string DefinitionId { get; } = definitionId;

    public IReadOnlyList<DefinitionProblem> Problems { get; } = problems;
}

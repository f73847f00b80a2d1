namespace Segur.Host.Components.Shared;

/// <summary>One thing to correct in a form: the id of the field it concerns (null when no single field), and what is wrong.</summary>
public sealed record FormProblem(string? FieldId, string Message)
{
    /// <summary>Problems that name no field (a service's refusal, a file that could not be read).</summary>
    public static IReadOnlyList<FormProblem> Unplaced(IEnumerable<string> messages) => [.. messages.Select(m => new FormProblem(null, m))];
}

/// <summary>The problems of a form by field: what a field shows under itself and whether it is outlined.</summary>
public static class FormProblems
{
    public static string? For(this IReadOnlyList<FormProblem> problems, string fieldId) =>
        problems.FirstOrDefault(p => p.FieldId == fieldId)?.Message;

    public static bool Has(this IReadOnlyList<FormProblem> problems, string fieldId) => problems.Any(p => p.FieldId == fieldId);
}

using Segur.Workflows.Engine.Runtime;

namespace Segur.Workflows.Documents;

/// <summary>The upload is refused as a whole: nothing was stored. <see cref="Problems"/> lists every reason found, in French.</summary>
public sealed class DocumentsRefusedException(IReadOnlyList<string> problems) : WorkflowException(Compose(problems))
{
    private const int ShownInMessage = 20;

    public DocumentsRefusedException(string problem)
        : this([problem])
    {
    }

    public IReadOnlyList<string> Problems { get; } = problems;

    private static string Compose(IReadOnlyList<string> problems)
    {
        var shown = string.Join(" ", problems.Take(ShownInMessage));
        var more = problems.Count > ShownInMessage ? $" … et {problems.Count - ShownInMessage} autre(s) problème(s)." : "";
        return $"{shown}{more} Aucune pièce n'a été enregistrée.";
    }
}

/// <summary>No request with this numéro ASP for this supplier (unknown, deleted, or another supplier's: the answer is the same).</summary>
public sealed class RequestNotFoundException(string numeroAsp)
    : WorkflowException($"La demande n° {numeroAsp} est introuvable.")
{
    public string NumeroAsp { get; } = numeroAsp;
}

namespace Segur.Workflows.Documents;

/// <summary>A request of the supplier, as the dispatch of a zip sees it.</summary>
public sealed record DispatchTarget(
    Guid RequestId, string NumeroEditeur, bool CanReceive, string StatusLabel, IReadOnlyList<ExpectedDocument> Expected);

/// <summary>Where one zip entry goes: a request, or a French reason why none.</summary>
public sealed record DispatchDecision(DispatchTarget? Target, string? Problem);

/// <summary>
/// Sends each file of a multi-request zip to one of the supplier's requests, by these rules in order:
/// (1) a folder of its path names the request's numéro éditeur (the top folder first);
/// (2) its file name is a <c>nomFichier</c> expected by exactly one request that can receive documents;
/// (3) its file name starts with a numéro éditeur followed by a separator (not a letter or digit): the longest wins.
/// The targets are all the supplier's live requests, so that a file naming a request that cannot receive
/// documents now is refused with that reason instead of going to another request whose number is a prefix.
/// </summary>
public static class DocumentDispatch
{
    public static DispatchDecision Route(IReadOnlyList<string> folders, string fileName, string source, IReadOnlyList<DispatchTarget> targets)
    {
        foreach (var folder in folders)
        {
            if (ByNumero(folder, targets) is { } named)
            {
                return Named(named, source);
            }
        }

        var expecting = targets.Where(t => t.CanReceive && ExpectedDocuments.Find(t.Expected, fileName) is not null).ToList();
        if (expecting.Count == 1)
        {
            return new DispatchDecision(expecting[0], null);
        }

        var prefixed = targets
            .Where(t => t.NumeroEditeur.Length > 0 && StartsWithNumero(fileName, t.NumeroEditeur))
            .MaxBy(t => t.NumeroEditeur.Length);
        if (prefixed is not null)
        {
            return Named(prefixed, source);
        }

        return new DispatchDecision(null, expecting.Count > 1
            ? $"« {source} » est attendu par plusieurs demandes ({string.Join(", ", expecting.Select(t => t.NumeroEditeur).Order(StringComparer.Ordinal))}) : " +
              "placez-le dans un dossier portant le numéro éditeur de sa demande."
            : $"« {source} » ne correspond à aucune demande en attente de pièces : placez-le dans un dossier portant le numéro éditeur " +
              "de sa demande, nommez-le comme une pièce attendue, ou faites commencer son nom par ce numéro.");
    }

    private static DispatchDecision Named(DispatchTarget target, string source) => target.CanReceive
        ? new DispatchDecision(target, null)
        : new DispatchDecision(null, $"« {source} » est destiné à la demande {target.NumeroEditeur}, qui ne peut pas recevoir de pièces " +
                                     $"dans son statut actuel (« {target.StatusLabel} »).");

    /// <summary>The request with this numéro éditeur: the exact spelling first, else the only one equal without case.</summary>
    private static DispatchTarget? ByNumero(string numero, IReadOnlyList<DispatchTarget> targets)
    {
        if (targets.FirstOrDefault(t => string.Equals(t.NumeroEditeur, numero, StringComparison.Ordinal)) is { } exact)
        {
            return exact;
        }

        var loose = targets.Where(t => string.Equals(t.NumeroEditeur, numero, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        return loose.Count == 1 ? loose[0] : null;
    }

    private static bool StartsWithNumero(string fileName, string numero) =>
        fileName.StartsWith(numero, StringComparison.OrdinalIgnoreCase)
        && (fileName.Length == numero.Length || !char.IsLetterOrDigit(fileName[numero.Length]));
}

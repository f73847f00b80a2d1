using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;

namespace Segur.Host.Components.Pages.Imports;

/// <summary>What the documents step tells the supplier after an upload, in French.</summary>
public static class DocumentMessages
{
    public static string Added(DocumentsAdded added)
    {
        var stored = added.FilesAdded.Count switch
        {
            0 => "Aucune nouvelle pièce",
            1 => "1 pièce déposée",
            var n => $"{n} pièces déposées",
        };
        var again = added.FilesAlreadyPresent.Count > 0 ? $" ({added.FilesAlreadyPresent.Count} déjà présente(s), gardée(s) une fois)" : "";
        var outcome = added.Problem is not null
            ? " " + added.Problem
            : added.IsComplete
                ? $" Toutes les pièces attendues sont là : la demande est « {added.StatusLabel} »."
                : $" Pièce(s) encore manquante(s) : {string.Join(", ", added.MissingFiles)}.";
        return $"Demande {added.NumeroEditeur} : {stored}{again}.{outcome}";
    }

    /// <summary>Why an upload was refused, for the page to show; null for an exception the page should not handle.</summary>
    public static IReadOnlyList<string>? Refused(Exception exception) => exception switch
    {
        DocumentsRefusedException refused => [.. refused.Problems, "Aucune pièce n'a été enregistrée."],
        WorkflowException other => [other.Message],
        IOException => ["Le fichier n'a pas pu être lu depuis votre navigateur ou enregistré : choisissez-le à nouveau et recommencez. Aucune pièce n'a été enregistrée."],
        _ => null,
    };
}

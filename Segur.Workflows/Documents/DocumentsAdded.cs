namespace Segur.Workflows.Documents;

/// <summary>What an upload did to one request.</summary>
/// <param name="FilesAdded">Names of the documents stored by this upload.</param>
/// <param name="FilesAlreadyPresent">Files sent again with the same name and content: not stored twice (a retried upload).</param>
/// <param name="MissingFiles">Expected <c>nomFichier</c> still without a document.</param>
/// <param name="Status">The lifecycle state after the upload (e.g. "EnCours").</param>
/// <param name="StatusLabel">Its French label (e.g. "En cours", "Non complétée").</param>
/// <param name="Problem">Set when the documents were stored but the request could not move on (French).</param>
public sealed record DocumentsAdded(
    string NumeroAsp,
    string NumeroEditeur,
    IReadOnlyList<string> FilesAdded,
    IReadOnlyList<string> FilesAlreadyPresent,
    IReadOnlyList<string> MissingFiles,
    bool IsComplete,
    string Status,
    string StatusLabel,
    string? Problem);

/// <summary>A request's documents as the supplier sees them before or after uploading.</summary>
public sealed record DocumentChecklist(
    string NumeroAsp,
    string NumeroEditeur,
    string Status,
    string StatusLabel,
    bool CanReceiveDocuments,
    IReadOnlyList<ExpectedDocumentStatus> Expected,
    IReadOnlyList<StoredDocument> Documents)
{
    public bool IsComplete => ExpectedDocuments.IsComplete(
        [.. Expected.Select(e => new ExpectedDocument(e.NomFichier, e.FormatFichier, e.TypeFichier))], [.. Documents.Select(d => d.FileName)]);
}

public sealed record ExpectedDocumentStatus(string NomFichier, string? FormatFichier, string? TypeFichier, bool Present);

public sealed record StoredDocument(Guid Id, string FileName, string ContentType, long Size, string? TypeFichier, DateTime UploadedAt);

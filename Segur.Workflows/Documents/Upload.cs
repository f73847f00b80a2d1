namespace Segur.Workflows.Documents;

/// <summary>A file as the caller received it (multipart part, browser file...). The caller owns the stream.</summary>
public sealed record IncomingFile(string FileName, Stream Content);

/// <summary>A file that passed the checks, staged, waiting to be dispatched and stored.</summary>
internal sealed record UploadedDocument(string Source, IReadOnlyList<string> Folders, string FileName, DocumentFormat Format, StagedFile File);

/// <summary>
/// One upload being read: every incoming file (a zip opened) is staged and checked by content; problems are
/// collected so that one answer names every refused file. Only limits that make reading on pointless throw.
/// </summary>
internal sealed class Upload(DocumentOptions options, Staging staging)
{
    private readonly List<string> _problems = [];
    private readonly List<UploadedDocument> _documents = [];
    private long _received;

    public IReadOnlyList<string> Problems => _problems;

    public IReadOnlyList<UploadedDocument> Documents => _documents;

    public void Refuse(string problem) => _problems.Add(problem);

    /// <summary>Throws when anything was refused: the upload is all or nothing.</summary>
    public void ThrowIfRefused()
    {
        if (_problems.Count > 0)
        {
            throw new DocumentsRefusedException(_problems);
        }
    }

    /// <summary>A file sent to one request: a document, or a zip of that request's documents.</summary>
    public async Task AddFileOrZipAsync(IncomingFile file, CancellationToken ct)
    {
        var name = DisplayName(file.FileName);
        var staged = await ReceiveAsync(file, name, ct);
        if (DocumentContent.IsZip(staged.Header))
        {
            await ZipDocuments.ReadAsync(staged.Path, name, options, staging, this, ct);
        }
        else
        {
            Accept(staged, name, [], file.FileName);
        }
    }

    /// <summary>A zip holding the documents of many requests.</summary>
    public async Task AddZipAsync(IncomingFile zip, CancellationToken ct)
    {
        var name = DisplayName(zip.FileName);
        var staged = await ReceiveAsync(zip, name, ct);
        if (!DocumentContent.IsZip(staged.Header))
        {
            throw new DocumentsRefusedException($"« {name} » n'est pas une archive zip valide.");
        }

        await ZipDocuments.ReadAsync(staged.Path, name, options, staging, this, ct);
    }

    /// <summary>Keeps a staged file as a document if it passes the content check, else records why not.</summary>
    public void Accept(StagedFile staged, string source, IReadOnlyList<string> folders, string rawName)
    {
        if (staged.TooLarge || staged.Size > options.MaxFileBytes)
        {
            _problems.Add($"« {source} » dépasse la taille maximale de {DocumentOptions.Mo(options.MaxFileBytes)} par fichier.");
        }
        else if (staged.Size == 0)
        {
            _problems.Add($"« {source} » est vide.");
        }
        else if (DocumentContent.Detect(staged.Header) is not { } format)
        {
            _problems.Add(DocumentContent.NotAcceptedMessage(source));
        }
        else
        {
            var fileName = DocumentFileName.Clean(rawName, options.FileNameLength) is { Length: > 0 } clean
                ? clean
                : "document" + DocumentContent.Extension(format);
            _documents.Add(new UploadedDocument(source, folders, fileName, format, staged));
            if (_documents.Count > options.MaxZipEntries)
            {
                throw new DocumentsRefusedException($"L'envoi est refusé : il contient plus de {options.MaxZipEntries} fichiers.");
            }
        }
    }

    /// <summary>Copies what was sent to staging, refusing the upload once it passes the size limit.</summary>
    private async Task<StagedFile> ReceiveAsync(IncomingFile file, string name, CancellationToken ct)
    {
        var room = options.MaxUploadBytes - _received;
        var staged = await staging.SaveAsync(file.Content, room, null, ct);
        if (staged.TooLarge)
        {
            throw new DocumentsRefusedException(
                $"L'envoi est refusé : il dépasse la taille maximale de {DocumentOptions.Mo(options.MaxUploadBytes)} (fichier « {name} »).");
        }

        _received += staged.Size;
        return staged;
    }

    private string DisplayName(string raw) => DocumentFileName.Clean(raw, options.FileNameLength) is { Length: > 0 } name ? name : "fichier sans nom";
}

using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Segur.Workflows.Documents;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.AccountChanges;

/// <summary>A file whose content was recognised (PDF, JPEG, PNG), held in memory until it is written.</summary>
public sealed record CheckedFile(string Name, DocumentFormat Format, byte[] Bytes)
{
    public string ContentType => DocumentContent.ContentType(Format);

    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));
}

/// <summary>
/// The files of "Mon compte" (RIB, identity document, mandate, document templates): read and checked by their content and
/// size like every supporting document, then written under <c>compte/&lt;supplier&gt;/</c> before the rows that name them
/// are committed; a refused or failed write deletes what it wrote.
/// </summary>
public sealed class AccountFiles(DocumentStorage storage, IOptions<DocumentOptions> options)
{
    public long MaxBytes => options.Value.MaxFileBytes;

    /// <summary>Reads <paramref name="file"/>; a problem naming <paramref name="label"/> and the file is added when it is refused.</summary>
    public async Task<CheckedFile?> ReadAsync(string label, IncomingFile? file, List<string> problems, CancellationToken ct)
    {
        if (file is null)
        {
            problems.Add($"{label} : pièce manquante.");
            return null;
        }

        var name = Path.GetFileName(file.FileName.Replace('\\', '/'));
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await file.Content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                problems.Add($"{label} : « {name} » dépasse {MaxBytes / DocumentOptions.Megabyte} Mo.");
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        if (bytes.Length == 0)
        {
            problems.Add($"{label} : « {name} » est vide.");
            return null;
        }

        if (DocumentContent.Detect(bytes.AsSpan(0, Math.Min(bytes.Length, DocumentContent.HeaderLength))) is not { } format)
        {
            problems.Add($"{label} : {DocumentContent.NotAcceptedMessage(name)}");
            return null;
        }

        return new CheckedFile(name, format, bytes);
    }

    /// <summary>Writes the file; returns its storage path (relative to the storage root) and records it in <paramref name="written"/>.</summary>
    public async Task<string> WriteAsync(Guid supplierId, Guid fileId, CheckedFile file, List<string> written, CancellationToken ct)
    {
        var relative = $"compte/{supplierId:N}/{fileId:N}{DocumentContent.Extension(file.Format)}";
        var path = storage.PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, file.Bytes, ct);
        written.Add(path);
        return relative;
    }

    public string PathOf(string storagePath) => storage.PathOf(storagePath);

    /// <summary>Writes the file and adds its <see cref="AccountChangeDocument"/> row to <paramref name="db"/> (saved by the caller).</summary>
    public async Task AddDocumentAsync(
        SegurDbContext db, Guid supplierId, Guid changeId, string kind, CheckedFile file, DateTime now, List<string> written, CancellationToken ct)
    {
        var id = Guid.CreateVersion7(now);
        var path = await WriteAsync(supplierId, id, file, written, ct);
        db.Add(new AccountChangeDocument
        {
            Id = id, ChangeId = changeId, SupplierId = supplierId, Kind = kind, FileName = file.Name, ContentType = file.ContentType,
            Size = file.Bytes.Length, Sha256 = file.Sha256, StoragePath = path, UploadedAt = now,
        });
    }

    public static void Delete(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Best effort: the file has no row, nothing lists it.
            }
        }
    }
}

/// <summary>The request was refused before anything was stored; every reason is given, in French.</summary>
public sealed class AccountChangeRefusedException(IReadOnlyList<string> problems) : Engine.Runtime.WorkflowException(string.Join(" ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>Unknown, or another supplier's: the answer is the same.</summary>
public sealed class AccountChangeNotFoundException() : Engine.Runtime.WorkflowException("Cette demande est introuvable.");

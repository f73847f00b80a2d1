using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Documents;

/// <summary>A stored document opened for download.</summary>
public sealed record DocumentDownload(string FileName, string ContentType, Stream Content);

/// <summary>
/// Opens one document of a request for download: a supplier reaches only its own company's requests, staff
/// (<c>supplierId</c> null) every request but those staff never see (incomplete, deleted). Anything else is "not found".
/// </summary>
public sealed class RequestDocumentFiles(SegurDatabase database, DocumentStorage storage)
{
    private static readonly string[] s_hiddenFromStaff = ["NonCompletee", "Supprimee"];

    /// <summary>
    /// Every stored document of a request in one zip (a temporary file, deleted when the returned stream closes), each under
    /// its file name (numbered when two share one). Null when the request is not the caller's or has no document.
    /// </summary>
    public async Task<DocumentDownload?> ZipAllAsync(Guid? supplierId, string numeroAsp, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var documents = await (
                from d in db.RequestDocuments.AsNoTracking()
                join r in Reachable(db, supplierId, numeroAsp) on d.RequestId equals r.Id
                orderby d.UploadedAt, d.FileName
                select d)
            .ToListAsync(ct);
        if (documents.Count == 0)
        {
            return null;
        }

        var path = Path.Combine(Path.GetTempPath(), $"segur-pieces-{Guid.NewGuid():N}.zip");
        var output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var document in documents)
                {
                    var name = UniqueName(document.FileName, names);
                    var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
                    entry.LastWriteTime = new DateTimeOffset(DateTime.SpecifyKind(document.UploadedAt, DateTimeKind.Utc));
                    await using var source = storage.OpenRead(document);
                    await using var target = entry.Open();
                    await source.CopyToAsync(target, ct);
                }
            }

            output.Position = 0;
            return new DocumentDownload($"pieces-{numeroAsp}.zip", "application/zip", output);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            await output.DisposeAsync();
            return null;
        }
        catch
        {
            await output.DisposeAsync();
            throw;
        }
    }

    private static IQueryable<FinancingRequest> Reachable(SegurDbContext db, Guid? supplierId, string numeroAsp)
    {
        var requests = db.FinancingRequests.AsNoTracking().Where(r => r.NumeroAsp == numeroAsp && r.DeletedAt == null);
        return supplierId is { } id ? requests.Where(r => r.SupplierId == id) : requests.Where(r => !s_hiddenFromStaff.Contains(r.Status));
    }

    private static string UniqueName(string fileName, HashSet<string> taken)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        var candidate = name;
        for (var i = 2; !taken.Add(candidate); i++)
        {
            candidate = $"{Path.GetFileNameWithoutExtension(name)} ({i}){Path.GetExtension(name)}";
        }

        return candidate;
    }

    public async Task<DocumentDownload?> OpenAsync(Guid? supplierId, string numeroAsp, Guid documentId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var requests = db.FinancingRequests.AsNoTracking().Where(r => r.NumeroAsp == numeroAsp && r.DeletedAt == null);
        requests = supplierId is { } id ? requests.Where(r => r.SupplierId == id) : requests.Where(r => !s_hiddenFromStaff.Contains(r.Status));
        var document = await (
                from d in db.RequestDocuments.AsNoTracking()
                join r in requests on d.RequestId equals r.Id
                where d.Id == documentId
                select d)
            .SingleOrDefaultAsync(ct);
        if (document is null)
        {
            return null;
        }

        try
        {
            return new DocumentDownload(document.FileName, document.ContentType, storage.OpenRead(document));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }
}

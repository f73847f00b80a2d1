using Microsoft.EntityFrameworkCore;
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

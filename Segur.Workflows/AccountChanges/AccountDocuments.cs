using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.AccountChanges;

/// <summary>Who a "Mon compte" request belongs to.</summary>
public static class AccountActors
{
    /// <summary>The actor's company; an actor without one (staff) cannot file a supplier's change.</summary>
    public static Guid SupplierOf(Actor actor) =>
        actor.IsInRole(Roles.Fournisseur) && Guid.TryParse(actor.SupplierId, out var id) ? id : throw new AccountChangeNotFoundException();
}

/// <summary>A stored file of "Mon compte" as it is downloaded.</summary>
public sealed record AccountFile(string StoragePath, string ContentType, string FileName);

/// <summary>
/// The files of "Mon compte" (documents of changes, templates) for downloads: a supplier reaches only its own (another
/// supplier's gives the same answer as an unknown one), staff reach every file.
/// </summary>
public sealed class AccountDocuments(SegurDatabase database)
{
    public async Task<AccountFile?> FindAsync(Guid fileId, Actor actor, CancellationToken ct = default)
    {
        Guid? supplierId = actor.IsInRole(Roles.Fournisseur) ? Guid.TryParse(actor.SupplierId, out var id) ? id : Guid.Empty : null;
        if (supplierId is null && !actor.IsInRole(Roles.Gestionnaire))
        {
            return null;
        }

        await using var db = database.CreateContext();
        return await db.Set<AccountChangeDocument>().AsNoTracking()
                   .Where(d => d.Id == fileId && (supplierId == null || d.SupplierId == supplierId))
                   .Select(d => new AccountFile(d.StoragePath, d.ContentType, d.FileName))
                   .SingleOrDefaultAsync(ct)
               ?? await db.Set<DocumentTemplate>().AsNoTracking()
                   .Where(t => t.Id == fileId && (supplierId == null || t.SupplierId == supplierId))
                   .Select(t => new AccountFile(t.StoragePath, t.ContentType, t.FileName))
                   .SingleOrDefaultAsync(ct);
    }

    internal static async Task<Dictionary<Guid, IReadOnlyList<AccountDocumentView>>> OfAsync(SegurDbContext db, IReadOnlyList<Guid> changeIds, CancellationToken ct)
    {
        if (changeIds.Count == 0)
        {
            return [];
        }

        var documents = await db.Set<AccountChangeDocument>().AsNoTracking()
            .Where(d => changeIds.Contains(d.ChangeId))
            .OrderBy(d => d.UploadedAt)
            .Select(d => new { d.ChangeId, View = new AccountDocumentView(d.Id, d.Kind, d.FileName, d.Size, d.UploadedAt) })
            .ToListAsync(ct);
        return documents.GroupBy(d => d.ChangeId).ToDictionary(g => g.Key, g => (IReadOnlyList<AccountDocumentView>)[.. g.Select(d => d.View)]);
    }
}

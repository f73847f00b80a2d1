using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Documents;

/// <summary>What was stored for one request.</summary>
internal sealed record StoreResult(RequestTarget Target, IReadOnlyList<string> Added, IReadOnlyList<string> AlreadyPresent);

/// <summary>
/// Stores checked documents: one transaction inserts every row, the staged files are renamed into place
/// before it commits, and if anything fails the renamed files are deleted and the transaction rolls back.
/// </summary>
internal sealed class DocumentStore(DatabaseWriter writer, DocumentStorage storage, TimeProvider clock)
{
    public async Task<IReadOnlyList<StoreResult>> StoreAsync(
        Actor supplier, IReadOnlyList<(RequestTarget Target, IReadOnlyList<UploadedDocument> Documents)> plan, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var moved = new List<string>();
        try
        {
            return await writer.WriteAsync(async scope =>
            {
                var db = scope.Db;
                await EnsureStillReceivingAsync(db, plan.Select(p => p.Target).ToList(), ct);

                var requestIds = plan.Select(p => p.Target.Id).ToList();
                var existing = (await db.RequestDocuments.AsNoTracking()
                        .Where(d => requestIds.Contains(d.RequestId))
                        .Select(d => new { d.RequestId, d.FileName, d.Sha256 })
                        .ToListAsync(ct))
                    .Select(d => (d.RequestId, Name: d.FileName.ToUpperInvariant(), d.Sha256))
                    .ToHashSet();

                var results = new List<StoreResult>();
                var renames = new List<(string From, string To)>();
                foreach (var (target, documents) in plan)
                {
                    var added = new List<string>();
                    var already = new List<string>();
                    foreach (var document in documents)
                    {
                        if (existing.Contains((target.Id, document.FileName.ToUpperInvariant(), document.File.Sha256)))
                        {
                            already.Add(document.FileName);
                            continue;
                        }

                        var id = Guid.CreateVersion7(now);
                        var storagePath = DocumentStorage.StoragePathFor(target.Id, id, document.Format);
                        db.RequestDocuments.Add(new RequestDocument
                        {
                            Id = id,
                            RequestId = target.Id,
                            FileName = document.FileName,
                            ContentType = DocumentContent.ContentType(document.Format),
                            Size = document.File.Size,
                            Sha256 = document.File.Sha256,
                            StoragePath = storagePath,
                            TypeFichier = ExpectedDocuments.Find(target.Expected, document.FileName)?.TypeFichier is { } type ? type[..Math.Min(type.Length, 50)] : null,
                            UploadedAt = now,
                            UploadedBy = supplier.Id,
                        });
                        renames.Add((document.File.Path, storage.PathOf(storagePath)));
                        added.Add(document.FileName);
                    }

                    results.Add(new StoreResult(target, added, already));
                }

                await db.SaveChangesAsync(ct);
                foreach (var (from, to) in renames)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                    File.Move(from, to);
                    moved.Add(to);
                }

                return results;
            }, ct);
        }
        catch
        {
            foreach (var file in moved)
            {
                try
                {
                    File.Delete(file);
                }
                catch (IOException)
                {
                    // Keep the first failure: an orphan file without a row is harmless and never listed.
                }
            }

            throw;
        }
    }

    /// <summary>A request may have moved since the upload was checked (cancelled, expired): then nothing is stored.</summary>
    private static async Task EnsureStillReceivingAsync(SegurDbContext db, IReadOnlyList<RequestTarget> targets, CancellationToken ct)
    {
        var requestIds = targets.Select(t => t.Id).ToList();
        var subjectIds = requestIds.Select(id => id.ToString()).ToList();
        var states = await DocumentRequests.Instances(db)
            .Where(i => subjectIds.Contains(i.SubjectId))
            .ToDictionaryAsync(i => i.Id, i => i.State, ct);
        var deleted = await db.FinancingRequests.AsNoTracking()
            .Where(r => requestIds.Contains(r.Id) && r.DeletedAt != null)
            .Select(r => r.Id)
            .ToListAsync(ct);
        var closed = targets
            .Where(t => deleted.Contains(t.Id) || !states.TryGetValue(t.InstanceId, out var state) || state != t.State)
            .ToList();
        if (closed.Count > 0)
        {
            throw new DocumentsRefusedException([.. closed.Select(t =>
                $"La demande {t.NumeroEditeur} (n° {t.NumeroAsp}) vient de changer de statut et ne peut plus recevoir de pièces.")]);
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Documents;

/// <summary>The trigger to fire with stored documents, in the same write (see <see cref="DocumentIntake.AddToRequestAsync(Actor, string, IReadOnlyList{IncomingFile}, DocumentTrigger, CancellationToken)"/>).</summary>
/// <param name="Trigger">e.g. "AjouterPiece".</param>
/// <param name="Input">The transition's fields, if it has some.</param>
public sealed record DocumentTrigger(string Trigger, IReadOnlyDictionary<string, object?>? Input = null);

/// <summary>What was stored for one request, and where its lifecycle stands after the same commit.</summary>
internal sealed record StoreResult(
    RequestTarget Target, IReadOnlyList<string> Added, IReadOnlyList<string> AlreadyPresent, IReadOnlyList<string> Names,
    string State, int DefinitionVersion, string? Problem);

/// <summary>
/// Stores checked documents and moves their requests on, in one write (decision 0092): the staged files are renamed into
/// place first (a crash then leaves only orphan files, swept later by <see cref="OrphanFileSweeper"/>; a row never points
/// at a missing file), then one transaction inserts the rows and fires each request's trigger. If anything fails the
/// transaction rolls back and the renamed files are deleted: documents and status change are saved together or not at all.
/// </summary>
internal sealed class DocumentStore(DatabaseWriter writer, DocumentStorage storage, WorkflowRuntime runtime, TimeProvider clock, ILogger logger)
{
    /// <param name="triggerFor">
    /// The trigger for a request given its state and whether its expected files are all there after this upload; null
    /// for none. <paramref name="required"/>: a refused trigger undoes the whole upload; otherwise the documents are kept
    /// and the refusal is reported in <see cref="StoreResult.Problem"/>.
    /// </param>
    public async Task<IReadOnlyList<StoreResult>> StoreAsync(
        Actor supplier,
        IReadOnlyList<(RequestTarget Target, IReadOnlyList<UploadedDocument> Documents)> plan,
        Func<RequestTarget, string, bool, DocumentTrigger?> triggerFor,
        bool required,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var placed = new List<Placed>();
        IReadOnlyList<StoreResult> results;
        try
        {
            foreach (var (target, documents) in plan)
            {
                foreach (var document in documents)
                {
                    var id = Guid.CreateVersion7(now);
                    var storagePath = DocumentStorage.StoragePathFor(target.Id, id, document.Format);
                    var path = storage.PathOf(storagePath);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    File.Move(document.File.Path, path);
                    placed.Add(new Placed(target, document, id, storagePath, path));
                }
            }

            results = await writer.WriteAsync(scope => InsertAndFireAsync(scope, supplier, plan, placed, triggerFor, required, now), ct);
        }
        catch
        {
            DeleteQuietly(placed.Select(p => p.Path));
            throw;
        }

        // A file sent again (same name, same content) was not inserted: its copy goes.
        var added = results.SelectMany(r => r.Added.Select(name => (r.Target.Id, Name: name.ToUpperInvariant()))).ToHashSet();
        DeleteQuietly(placed.Where(p => !added.Contains((p.Target.Id, p.Document.FileName.ToUpperInvariant()))).Select(p => p.Path));
        return results;
    }

    private async Task<IReadOnlyList<StoreResult>> InsertAndFireAsync(
        WriteScope scope, Actor supplier, IReadOnlyList<(RequestTarget Target, IReadOnlyList<UploadedDocument> Documents)> plan,
        IReadOnlyList<Placed> placed, Func<RequestTarget, string, bool, DocumentTrigger?> triggerFor, bool required, DateTime now)
    {
        var db = scope.Db;
        var ct = scope.CancellationToken;
        db.ChangeTracker.Clear();

        // Lock the instances first: a simultaneous upload to the same request waits, then sees these documents.
        var instanceIds = plan.Select(p => p.Target.InstanceId).ToList();
        await db.WorkflowInstances.Where(i => instanceIds.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.Version, i => i.Version), ct);
        await EnsureStillReceivingAsync(db, plan.Select(p => p.Target).ToList(), ct);

        var requestIds = plan.Select(p => p.Target.Id).ToList();
        var existing = (await db.RequestDocuments.AsNoTracking()
                .Where(d => requestIds.Contains(d.RequestId))
                .Select(d => new { d.RequestId, d.FileName, d.Sha256 })
                .ToListAsync(ct))
            .Select(d => (d.RequestId, Name: d.FileName.ToUpperInvariant(), d.Sha256))
            .ToHashSet();

        var stored = new List<(RequestTarget Target, List<string> Added, List<string> Already)>();
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

                var file = placed.Single(p => ReferenceEquals(p.Document, document));
                db.RequestDocuments.Add(new RequestDocument
                {
                    Id = file.Id,
                    RequestId = target.Id,
                    FileName = document.FileName,
                    ContentType = DocumentContent.ContentType(document.Format),
                    Size = document.File.Size,
                    Sha256 = document.File.Sha256,
                    StoragePath = file.StoragePath,
                    TypeFichier = ExpectedDocuments.Find(target.Expected, document.FileName)?.TypeFichier is { } type ? type[..Math.Min(type.Length, 50)] : null,
                    UploadedAt = now,
                    UploadedBy = supplier.Id,
                });
                added.Add(document.FileName);
            }

            stored.Add((target, added, already));
        }

        await db.SaveChangesAsync(ct);

        var results = new List<StoreResult>(stored.Count);
        foreach (var (target, added, already) in stored)
        {
            var names = await db.RequestDocuments.AsNoTracking().Where(d => d.RequestId == target.Id).Select(d => d.FileName).ToListAsync(ct);
            var instance = await DocumentRequests.Project(DocumentRequests.Instances(db).Where(i => i.Id == target.InstanceId)).SingleAsync(ct);
            var state = instance.State;
            string? problem = null;
            if (triggerFor(target, instance.State, ExpectedDocuments.IsComplete(target.Expected, names)) is { } trigger)
            {
                try
                {
                    state = (await runtime.FireInWriteAsync(scope, new FireRequest(instance.Id, trigger.Trigger, supplier) { Input = trigger.Input })).ToState;
                }
                catch (WorkflowException ex) when (!required)
                {
                    logger.LogWarning(ex, "Documents stored for {Request} but {Trigger} was refused", target.NumeroAsp, trigger.Trigger);
                    problem = $"Les pièces sont enregistrées, mais la demande n'a pas pu changer de statut : {ex.Message}";
                }
            }

            results.Add(new StoreResult(target, added, already, names, state, instance.DefinitionVersion, problem));
        }

        return results;
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

    private static void DeleteQuietly(IEnumerable<string> files)
    {
        foreach (var file in files)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Left for the orphan sweeper: a file without a row is never listed.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private sealed record Placed(RequestTarget Target, UploadedDocument Document, Guid Id, string StoragePath, string Path);
}

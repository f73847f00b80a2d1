using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Documents;

/// <summary>
/// The documents step of a financing request: a supplier adds PDF, JPEG or PNG files (checked by content) to
/// one request, or sends one zip for many. All or nothing: everything is checked first, then the files are
/// stored, their rows inserted and each request touched moved on in its lifecycle, in one transaction (decision 0092):
/// an incomplete request goes to "En cours" once its expected files are all there; a request waiting for a document or
/// a correction goes back to "En cours".
/// </summary>
public sealed class DocumentIntake(
    SegurDatabase database,
    DatabaseWriter writer,
    WorkflowRuntime runtime,
    Engine.Outbox.OutboxSignal outboxSignal,
    DefinitionCatalog catalog,
    DocumentStorage storage,
    IOptions<DocumentOptions> options,
    TimeProvider clock,
    ILogger<DocumentIntake> logger)
{
    private readonly DocumentOptions _options = options.Value;

    private readonly DocumentRequests _requests = new(catalog, options.Value);

    /// <summary>
    /// Adds documents to the supplier's request <paramref name="numeroAsp"/>; a file may be a zip of its documents.
    /// Throws <see cref="RequestNotFoundException"/> for an unknown, deleted or another supplier's request and
    /// <see cref="DocumentsRefusedException"/> when anything is refused (then nothing is stored).
    /// </summary>
    public Task<DocumentsAdded> AddToRequestAsync(Actor supplier, string numeroAsp, IReadOnlyList<IncomingFile> files, CancellationToken ct = default) =>
        AddToRequestAsync(supplier, numeroAsp, files, ByState, required: false, ct);

    /// <summary>
    /// Adds documents to the supplier's request and fires <paramref name="trigger"/> (e.g. "AjouterPiece" with the answer's
    /// fields) in the same write: both are saved together or not at all. A refused trigger refuses the upload
    /// (<see cref="DocumentsRefusedException"/>, nothing stored).
    /// </summary>
    public Task<DocumentsAdded> AddToRequestAsync(
        Actor supplier, string numeroAsp, IReadOnlyList<IncomingFile> files, DocumentTrigger trigger, CancellationToken ct = default) =>
        AddToRequestAsync(supplier, numeroAsp, files, (_, _, _) => trigger, required: true, ct);

    private async Task<DocumentsAdded> AddToRequestAsync(
        Actor supplier, string numeroAsp, IReadOnlyList<IncomingFile> files, Func<RequestTarget, string, bool, DocumentTrigger?> triggerFor, bool required, CancellationToken ct)
    {
        var supplierId = SupplierOf(supplier);
        RequestTarget target;
        await using (var db = database.CreateContext())
        {
            target = await _requests.FindAsync(db, supplierId, numeroAsp.Trim(), ct) ?? throw new RequestNotFoundException(numeroAsp);
        }

        if (!target.CanReceive)
        {
            throw new DocumentsRefusedException(CannotReceive(target));
        }

        if (files.Count == 0)
        {
            throw new DocumentsRefusedException("Aucun fichier n'a été envoyé.");
        }

        using var staging = storage.NewStaging();
        var upload = new Upload(_options, staging);
        foreach (var file in files)
        {
            await upload.AddFileOrZipAsync(file, ct);
        }

        upload.ThrowIfRefused();
        var plan = Plan(upload, upload.Documents.Select(d => (target, d)));
        return (await StoreAndCompleteAsync(supplier, plan, triggerFor, required, ct)).Single();
    }

    /// <summary>
    /// Adds the files of one zip to several of the supplier's requests (dispatch rules in <see cref="DocumentDispatch"/>).
    /// Any file that breaks a rule or matches no request refuses the whole zip (<see cref="DocumentsRefusedException"/>).
    /// </summary>
    public async Task<IReadOnlyList<DocumentsAdded>> AddZipAsync(Actor supplier, IncomingFile zip, CancellationToken ct = default)
    {
        var supplierId = SupplierOf(supplier);
        using var staging = storage.NewStaging();
        var upload = new Upload(_options, staging);
        await upload.AddZipAsync(zip, ct);

        IReadOnlyList<RequestTarget> targets;
        await using (var db = database.CreateContext())
        {
            targets = await _requests.AllAsync(db, supplierId, ct);
        }

        var byId = targets.ToDictionary(t => t.Id);
        var dispatchTargets = targets.Select(t => t.ToDispatch()).ToList();
        var routed = new List<(RequestTarget, UploadedDocument)>();
        foreach (var document in upload.Documents)
        {
            var decision = DocumentDispatch.Route(document.Folders, document.FileName, document.Source, dispatchTargets);
            if (decision.Target is { } found)
            {
                routed.Add((byId[found.RequestId], document));
            }
            else
            {
                upload.Refuse(decision.Problem!);
            }
        }

        upload.ThrowIfRefused();
        return await StoreAndCompleteAsync(supplier, Plan(upload, routed), ByState, required: false, ct);
    }

    /// <summary>The files the request expects, those it has, and whether documents can be added now.</summary>
    public async Task<DocumentChecklist> GetChecklistAsync(Actor supplier, string numeroAsp, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var target = await _requests.FindAsync(db, SupplierOf(supplier), numeroAsp.Trim(), ct) ?? throw new RequestNotFoundException(numeroAsp);
        var documents = await db.RequestDocuments.AsNoTracking()
            .Where(d => d.RequestId == target.Id)
            .OrderBy(d => d.UploadedAt).ThenBy(d => d.FileName)
            .Select(d => new StoredDocument(d.Id, d.FileName, d.ContentType, d.Size, d.TypeFichier, d.UploadedAt))
            .ToListAsync(ct);
        var missing = ExpectedDocuments.Missing(target.Expected, documents.Select(d => d.FileName)).ToHashSet();
        return new DocumentChecklist(target.NumeroAsp, target.NumeroEditeur, target.State, target.StatusLabel, target.CanReceive,
            [.. target.Expected.Select(e => new ExpectedDocumentStatus(e.NomFichier, e.FormatFichier, e.TypeFichier, !missing.Contains(e.NomFichier)))],
            documents);
    }

    /// <summary>
    /// Groups the documents by request. Two different files under one name for one request are refused (which
    /// one would count?); the same file twice is kept once.
    /// </summary>
    private static IReadOnlyList<(RequestTarget Target, IReadOnlyList<UploadedDocument> Documents)> Plan(
        Upload upload, IEnumerable<(RequestTarget Target, UploadedDocument Document)> routed)
    {
        var plan = new List<(RequestTarget, IReadOnlyList<UploadedDocument>)>();
        foreach (var group in routed.GroupBy(r => r.Target.Id))
        {
            var target = group.First().Target;
            var kept = new List<UploadedDocument>();
            foreach (var sameName in group.Select(r => r.Document).GroupBy(d => d.FileName, DocumentFileName.Comparer))
            {
                if (sameName.Select(d => d.File.Sha256).Distinct().Count() > 1)
                {
                    upload.Refuse($"Plusieurs fichiers différents portent le nom « {sameName.Key} » pour la demande {target.NumeroEditeur} " +
                                  $"({string.Join(", ", sameName.Select(d => $"« {d.Source} »"))}).");
                }

                kept.Add(sameName.First());
            }

            plan.Add((target, kept));
        }

        upload.ThrowIfRefused();
        return [.. plan.OrderBy(p => p.Item1.NumeroEditeur, StringComparer.Ordinal)];
    }

    private async Task<IReadOnlyList<DocumentsAdded>> StoreAndCompleteAsync(
        Actor supplier, IReadOnlyList<(RequestTarget Target, IReadOnlyList<UploadedDocument> Documents)> plan,
        Func<RequestTarget, string, bool, DocumentTrigger?> triggerFor, bool required, CancellationToken ct)
    {
        IReadOnlyList<StoreResult> stored;
        try
        {
            stored = await new DocumentStore(writer, storage, runtime, clock, logger).StoreAsync(supplier, plan, triggerFor, required, ct);
        }
        catch (WorkflowException ex) when (ex is not DocumentsRefusedException)
        {
            throw new DocumentsRefusedException($"Les pièces n'ont pas été enregistrées : {ex.Message}");
        }
        catch (Exception ex) when (ex is not (WorkflowException or OperationCanceledException))
        {
            logger.LogError(ex, "Documents of {Supplier} not stored: the request could not move on", supplier.Id);
            throw new DocumentsRefusedException(
                "Les pièces n'ont pas été enregistrées : la demande n'a pas pu changer de statut à cause d'une erreur technique. " +
                "Rien n'a été modifié ; réessayez dans quelques minutes.");
        }

        outboxSignal.Notify();
        logger.LogInformation("{Supplier} added {Count} document(s) to {Requests} request(s)",
            supplier.Id, stored.Sum(s => s.Added.Count), stored.Count);
        var summaries = new List<DocumentsAdded>(stored.Count);
        foreach (var result in stored)
        {
            var target = result.Target;
            summaries.Add(new DocumentsAdded(target.NumeroAsp, target.NumeroEditeur, result.Added, result.AlreadyPresent,
                ExpectedDocuments.Missing(target.Expected, result.Names), ExpectedDocuments.IsComplete(target.Expected, result.Names),
                result.State, await _requests.LabelAsync(result.DefinitionVersion, result.State, CancellationToken.None), result.Problem));
        }

        return summaries;
    }

    /// <summary>The trigger the request's state calls for, now that its documents are stored, as its definition version says.</summary>
    private static DocumentTrigger? ByState(RequestTarget target, string state, bool complete) =>
        target.Rules.TriggerAfterDocuments(state, complete) is { } trigger ? new DocumentTrigger(trigger) : null;

    private static Guid SupplierOf(Actor actor) =>
        actor.IsInRole("Fournisseur") && Guid.TryParse(actor.SupplierId, out var id)
            ? id
            : throw new WorkflowException("Le dépôt de pièces justificatives est réservé aux fournisseurs.");

    internal static string CannotReceive(RequestTarget target) =>
        $"La demande {target.NumeroEditeur} (n° {target.NumeroAsp}) ne peut pas recevoir de pièces dans son statut actuel (« {target.StatusLabel} ») : " +
        $"des pièces s'ajoutent à une demande {target.ReceivingStates}.";
}

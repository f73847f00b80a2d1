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
/// stored and their rows inserted in one transaction. Afterwards each request touched moves on in its
/// lifecycle: an incomplete request goes to "En cours" once its expected files are all there; a request
/// waiting for a document or a correction goes back to "En cours".
/// </summary>
public sealed class DocumentIntake(
    SegurDatabase database,
    DatabaseWriter writer,
    WorkflowRuntime runtime,
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
    public async Task<DocumentsAdded> AddToRequestAsync(Actor supplier, string numeroAsp, IReadOnlyList<IncomingFile> files, CancellationToken ct = default)
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
        return (await StoreAndCompleteAsync(supplier, plan, ct)).Single();
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
        return await StoreAndCompleteAsync(supplier, Plan(upload, routed), ct);
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
        Actor supplier, IReadOnlyList<(RequestTarget Target, IReadOnlyList<UploadedDocument> Documents)> plan, CancellationToken ct)
    {
        var stored = await new DocumentStore(writer, storage, clock).StoreAsync(supplier, plan, ct);
        logger.LogInformation("{Supplier} added {Count} document(s) to {Requests} request(s)",
            supplier.Id, stored.Sum(s => s.Added.Count), stored.Count);

        // The documents are committed: the lifecycle follows them even if the caller has gone away meanwhile.
        var summaries = new List<DocumentsAdded>(stored.Count);
        foreach (var result in stored)
        {
            summaries.Add(await MoveOnAsync(supplier, result, CancellationToken.None));
        }

        return summaries;
    }

    /// <summary>Fires the supplier's trigger the request's state calls for, now that its documents are stored.</summary>
    private async Task<DocumentsAdded> MoveOnAsync(Actor supplier, StoreResult result, CancellationToken ct)
    {
        var target = result.Target;
        InstanceState instance;
        List<string> names;
        await using (var db = database.CreateContext())
        {
            instance = await DocumentRequests.Project(DocumentRequests.Instances(db).Where(i => i.Id == target.InstanceId)).SingleAsync(ct);
            names = await db.RequestDocuments.AsNoTracking().Where(d => d.RequestId == target.Id).Select(d => d.FileName).ToListAsync(ct);
        }

        var complete = ExpectedDocuments.IsComplete(target.Expected, names);
        var (state, label) = (instance.State, await _requests.LabelAsync(instance.DefinitionVersion, instance.State, ct));
        string? problem = null;
        var rules = await _requests.RulesAsync(instance.DefinitionVersion, ct);
        if (rules.TriggerAfterDocuments(instance.State, complete) is { } trigger)
        {
            try
            {
                var fired = await runtime.FireAsync(new FireRequest(instance.Id, trigger, supplier) { ExpectedVersion = instance.Version }, ct);
                (state, label) = (fired.ToState, fired.ToStateLabel);
            }
            catch (WorkflowException ex)
            {
                await using var db = database.CreateContext();
                var now = await DocumentRequests.Project(DocumentRequests.Instances(db).Where(i => i.Id == target.InstanceId)).SingleAsync(ct);
                (state, label) = (now.State, await _requests.LabelAsync(now.DefinitionVersion, now.State, ct));

                // Moved meanwhile (e.g. a simultaneous upload completed it first): nothing to report.
                if (now.State == instance.State)
                {
                    logger.LogWarning(ex, "Documents stored for {Request} but {Trigger} failed", target.NumeroAsp, trigger);
                    problem = $"Les pièces sont enregistrées, mais la demande n'a pas pu changer de statut : {ex.Message}";
                }
            }
        }

        return new DocumentsAdded(target.NumeroAsp, target.NumeroEditeur, result.Added, result.AlreadyPresent,
            ExpectedDocuments.Missing(target.Expected, names), complete, state, label, problem);
    }

    private static Guid SupplierOf(Actor actor) =>
        actor.IsInRole("Fournisseur") && Guid.TryParse(actor.SupplierId, out var id)
            ? id
            : throw new WorkflowException("Le dépôt de pièces justificatives est réservé aux fournisseurs.");

    internal static string CannotReceive(RequestTarget target) =>
        $"La demande {target.NumeroEditeur} (n° {target.NumeroAsp}) ne peut pas recevoir de pièces dans son statut actuel (« {target.StatusLabel} ») : " +
        $"des pièces s'ajoutent à une demande {target.ReceivingStates}.";
}

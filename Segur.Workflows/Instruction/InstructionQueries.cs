using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Financing;
using Segur.Workflows.Payments;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Instruction;

/// <summary>
/// The staff's read side of financing requests: the search over every supplier's requests (one query per page), the
/// journal of a request's lifecycles (the request's and its payment's) and its documents. States the definition hides from
/// staff (<c>visibleTo</c>, e.g. "Non complétée") never appear, nor deleted requests.
/// </summary>
public sealed class InstructionQueries(SegurDatabase database, DefinitionCatalog catalog, StaffVisibility visibility)
{
    public const string RequestDefinitionId = "financing-request";
    public const string PaymentDefinitionId = "payment";

    public async Task<Page<StaffRequestRow>> SearchAsync(StaffRequestFilter filter, int? page, int? size, CancellationToken ct = default)
    {
        var (number, pageSize) = Page<StaffRequestRow>.Normalize(page, size);
        await using var db = database.CreateContext();
        var query = await VisibleAsync(db, ct);
        if (filter.Numero?.Trim() is { Length: >= 3 } numero)
        {
            query = query.Where(r => r.NumeroAsp.Contains(numero) || r.NumeroEditeur.Contains(numero));
        }

        if (filter.Fournisseur?.Trim() is { Length: > 0 } fournisseur)
        {
            var lowered = fournisseur.ToLower();
            query = query.Where(r => r.Denomination.ToLower().Contains(lowered));
        }

        if (filter.Siret?.Replace(" ", "") is { Length: > 0 } siret)
        {
            query = query.Where(r => r.Siret.StartsWith(siret));
        }

        if (!string.IsNullOrEmpty(filter.Type))
        {
            query = query.Where(r => r.Type == filter.Type);
        }

        if (filter.Statuts.Count > 0)
        {
            query = query.Where(r => filter.Statuts.Contains(r.StatusLabel));
        }

        if (filter.TypesLogiciel.Count > 0)
        {
            query = query.Where(r => filter.TypesLogiciel.Contains(r.TypeLogiciel));
        }

        if (filter.Du is { } du)
        {
            var from = ParisDays.StartUtc(du);
            query = query.Where(r => r.CreatedAt >= from);
        }

        if (filter.Au is { } au)
        {
            var to = ParisDays.EndUtc(au);
            query = query.Where(r => r.CreatedAt < to);
        }

        var rows = from r in query
                   join p in db.Payments on r.Id equals p.RequestId into payments
                   from p in payments.DefaultIfEmpty()
                   select new { r, Etat = p == null ? RequestQueries.NoPayment : p.EtatLabel };
        if (!string.IsNullOrEmpty(filter.EtatPaiement))
        {
            rows = rows.Where(x => x.Etat == filter.EtatPaiement);
        }

        rows = (filter.Sort, filter.Descending) switch
        {
            (RequestSort.Numero, false) => rows.OrderBy(x => x.r.NumeroAsp),
            (RequestSort.Numero, true) => rows.OrderByDescending(x => x.r.NumeroAsp),
            (RequestSort.Fournisseur, false) => rows.OrderBy(x => x.r.Denomination).ThenBy(x => x.r.NumeroAsp),
            (RequestSort.Fournisseur, true) => rows.OrderByDescending(x => x.r.Denomination).ThenBy(x => x.r.NumeroAsp),
            (RequestSort.Statut, false) => rows.OrderBy(x => x.r.StatusLabel).ThenBy(x => x.r.NumeroAsp),
            (RequestSort.Statut, true) => rows.OrderByDescending(x => x.r.StatusLabel).ThenBy(x => x.r.NumeroAsp),
            (_, false) => rows.OrderBy(x => x.r.CreatedAt).ThenBy(x => x.r.NumeroAsp),
            (_, true) => rows.OrderByDescending(x => x.r.CreatedAt).ThenBy(x => x.r.NumeroAsp),
        };

        var total = await rows.CountAsync(ct);
        var items = await rows
            .Skip((number - 1) * pageSize).Take(pageSize)
            .Select(x => new StaffRequestRow(
                x.r.NumeroAsp, x.r.NumeroEditeur, x.r.Denomination, x.r.Siret, x.r.Type, x.r.TypeLogiciel, x.r.StatusLabel, x.Etat,
                x.r.MontantSegurHTDeclare, x.r.MontantRetenuHT, x.r.MontantDecide, x.r.CreatedAt))
            .ToListAsync(ct);
        return new Page<StaffRequestRow>(items, total, number, pageSize);
    }

    /// <summary>Numbers for the search box's autocomplete (from 3 characters), among the requests staff see.</summary>
    public async Task<IReadOnlyList<string>> SuggestAsync(string start, CancellationToken ct = default)
    {
        start = start.Trim();
        if (start.Length < 3)
        {
            return [];
        }

        await using var db = database.CreateContext();
        return await (await VisibleAsync(db, ct))
            .Where(r => r.NumeroAsp.StartsWith(start) || r.NumeroEditeur.StartsWith(start))
            .OrderBy(r => r.NumeroAsp)
            .Select(r => r.NumeroAsp)
            .Take(20)
            .ToListAsync(ct);
    }

    /// <summary>Whether staff may see the request at all (exists, not deleted, not in a state hidden from them).</summary>
    public async Task<bool> IsVisibleAsync(string numeroAsp, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await (await VisibleAsync(db, ct)).AnyAsync(r => r.NumeroAsp == numeroAsp, ct);
    }

    /// <summary>The journal of the request's lifecycle and of its payment's, its documents; null when staff may not see it.</summary>
    public async Task<StaffRequestFacts?> FactsAsync(string numeroAsp, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var request = await (await VisibleAsync(db, ct)).Where(r => r.NumeroAsp == numeroAsp)
            .Select(r => new { r.Id, r.SupplierId }).SingleOrDefaultAsync(ct);
        if (request is null)
        {
            return null;
        }

        var subjectId = request.Id.ToString();
        var paymentId = await db.Payments.AsNoTracking().Where(p => p.RequestId == request.Id)
            .OrderByDescending(p => p.DateValidation).Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        var paymentSubjectId = paymentId?.ToString();
        var subjects = paymentSubjectId is null ? [subjectId] : new[] { subjectId, paymentSubjectId };
        var entries = await (
                from j in db.WorkflowJournal.AsNoTracking()
                join i in db.WorkflowInstances on j.InstanceId equals i.Id
                where subjects.Contains(i.SubjectId) && (i.SubjectType == SubjectTypes.FinancingRequest || i.SubjectType == SubjectTypes.Payment)
                join u in db.Users on j.ActorId equals u.UserName into us
                from u in us.DefaultIfEmpty()
                orderby j.At, j.Id
                select new { j.At, j.ActorId, Name = u != null ? u.DisplayName : null, j.Trigger, j.FromState, j.ToState, j.Details, i.DefinitionId, i.DefinitionVersion })
            .ToListAsync(ct);
        var journal = new List<JournalLine>(entries.Count);
        foreach (var e in entries)
        {
            var definition = await catalog.GetAsync(e.DefinitionId, e.DefinitionVersion, ct);
            var transition = definition.Model.Transitions.FirstOrDefault(t => t.Trigger == e.Trigger && (e.FromState is null || t.From == e.FromState));
            journal.Add(new JournalLine(
                e.At, e.ActorId, ActorName(e.ActorId, e.Name), definition.Model.Name, e.Trigger,
                e.Trigger == Engine.Runtime.WorkflowRuntime.StartTrigger ? "Démarrage" : transition?.Label ?? e.Trigger,
                e.FromState is null ? null : Label(definition, e.FromState), Label(definition, e.ToState), Values(e.Details, transition)));
        }

        var documents = await db.RequestDocuments.AsNoTracking()
            .Where(d => d.RequestId == request.Id)
            .OrderBy(d => d.UploadedAt).ThenBy(d => d.FileName)
            .Select(d => new StaffDocument(d.Id, d.FileName, d.ContentType, d.Size, d.TypeFichier, d.UploadedAt))
            .ToListAsync(ct);
        return new StaffRequestFacts(request.Id, request.SupplierId, subjectId, paymentSubjectId, journal, documents);
    }

    /// <summary>A document of a request staff may see (for viewing or download), or null.</summary>
    public async Task<RequestDocument?> DocumentAsync(Guid documentId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var visible = await VisibleAsync(db, ct);
        return await db.RequestDocuments.AsNoTracking()
            .Where(d => d.Id == documentId && visible.Any(r => r.Id == d.RequestId))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The statuses staff can search by (the labels of the visible states), the payment states and the software types.</summary>
    public async Task<(IReadOnlyList<string> Statuts, IReadOnlyList<string> EtatsPaiement, IReadOnlyList<string> TypesLogiciel)> OptionsAsync(CancellationToken ct = default)
    {
        var hidden = await visibility.HiddenStatesAsync(RequestDefinitionId, ct);
        var requests = await catalog.GetLatestPublishedAsync(RequestDefinitionId, ct);
        var payments = await catalog.GetLatestPublishedAsync(PaymentDefinitionId, ct);
        await using var db = database.CreateContext();
        var types = await db.FinancingRequests.AsNoTracking().Select(r => r.TypeLogiciel)
            .Union(db.Enrolments.AsNoTracking().Select(e => e.TypeLogiciel)).Distinct().OrderBy(t => t).ToListAsync(ct);
        return (
            [.. requests.Model.States.Where(s => !hidden.Contains(s.Code)).Select(s => s.Label).Append("Historisée").Distinct()],
            [.. payments.Model.States.Select(s => s.Label)],
            types);
    }

    private async Task<IQueryable<FinancingRequest>> VisibleAsync(SegurDbContext db, CancellationToken ct)
    {
        var hidden = await visibility.HiddenStatesAsync(RequestDefinitionId, ct);
        return db.FinancingRequests.AsNoTracking().Where(r => r.DeletedAt == null && !hidden.Contains(r.Status));
    }

    private static string ActorName(string actorId, string? name) =>
        actorId == Engine.Runtime.Actor.System.Id ? "Système (minuterie)" : name is { Length: > 0 } ? $"{name} ({actorId})" : actorId;

    private static string Label(CompiledDefinition definition, string state) => definition.HasState(state) ? definition.State(state).Label : state;

    /// <summary>The values typed with the action (motive, document asked, amount...), labelled as the form showed them.</summary>
    private static IReadOnlyList<(string Label, string Value)> Values(string? details, TransitionDefinition? transition)
    {
        if (details is null)
        {
            return [];
        }

        using var document = JsonDocument.Parse(details);
        if (!document.RootElement.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        return [.. input.EnumerateObject().Select(p => (
            transition?.Fields.FirstOrDefault(f => f.Name == p.Name)?.Label ?? p.Name,
            p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() ?? "" : p.Value.GetRawText()))];
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Segur.Workflows.Documents;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>A row of "Suivi des demandes non complétées": the request, its lifecycle instance, when it expires and its expected files.</summary>
public sealed record IncompleteRequest(
    Guid Id, Guid InstanceId, string NumeroAsp, string NumeroEditeur, string Type, string TypeLogiciel, string NumeroAns,
    DateTime ImportedAt, DateTime? ExpiresAt, IReadOnlyList<ExpectedDocumentStatus> Expected);

/// <summary>The columns the incomplete-requests table sorts by.</summary>
public enum IncompleteSortColumn
{
    ImporteeLe,
    NumeroEditeur,
    NumeroAsp,
    Type,
    Logiciel,
    NumeroAns,
    Pieces,
}

/// <summary>Search, filters and order of the incomplete-requests table; all optional.</summary>
public sealed record IncompleteFilter
{
    /// <summary>Part of the numéro éditeur or ASP.</summary>
    public string? Numero { get; init; }

    public string? Type { get; init; }

    public IReadOnlyList<string> TypesLogiciel { get; init; } = [];

    public IncompleteSortColumn Sort { get; init; } = IncompleteSortColumn.ImporteeLe;

    public bool Descending { get; init; }
}

/// <summary>
/// Read side of "Suivi des demandes non complétées": the supplier's live requests in the lifecycle's first state, searched,
/// filtered, sorted and paged in SQL. The page's rows, with their stored documents, come in one query, and their
/// instances and expiry timers in one more (the engine's subject id is text, compared with keys made here), the total in a
/// third only when the page is full (a short page tells it): a constant number of reads per page, where the page used to
/// make two engine calls per row (docs/decisions/0181). Numbers sort as numbers: a numéro
/// (éditeur, ASP, ANS) is ordered by its length first, so "DEM-9" comes before "DEM-10".
/// </summary>
public sealed class IncompleteRequests(SegurDatabase database, IOptions<DocumentOptions> options)
{
    public async Task<Page<IncompleteRequest>> ListAsync(Guid supplierId, IncompleteFilter filter, int? page, int size, CancellationToken ct = default)
    {
        var (number, pageSize) = Page<IncompleteRequest>.Normalize(page, size);
        await using var db = database.CreateContext();
        var query = db.FinancingRequests.AsNoTracking()
            .Where(r => r.SupplierId == supplierId && r.DeletedAt == null && r.Status == FinancingStates.NonCompletee);
        if (filter.Numero?.Trim() is { Length: > 0 } numero)
        {
            query = query.Where(r => r.NumeroEditeur.Contains(numero) || r.NumeroAsp.Contains(numero));
        }

        if (!string.IsNullOrEmpty(filter.Type))
        {
            query = query.Where(r => r.Type == filter.Type);
        }

        if (filter.TypesLogiciel.Count > 0)
        {
            query = query.Where(r => filter.TypesLogiciel.Contains(r.TypeLogiciel));
        }

        var requests = await Sorted(query, filter, db)
            .Skip((number - 1) * pageSize).Take(pageSize)
            .Select(r => new
            {
                r.Id, r.NumeroAsp, r.NumeroEditeur, r.Type, r.TypeLogiciel, r.NumeroAns, r.CreatedAt, r.LineJson,
                Documents = db.RequestDocuments.Where(d => d.RequestId == r.Id).Select(d => d.FileName).ToList(),
            })
            .ToListAsync(ct);

        // A short page tells the total by itself (most suppliers have one page of incomplete requests): counted otherwise.
        var total = requests.Count < pageSize && (requests.Count > 0 || number == 1)
            ? ((number - 1) * pageSize) + requests.Count
            : await query.CountAsync(ct);

        // SubjectId holds the Guid's .NET text (providers store Guids differently): compare with strings made here.
        var subjectIds = requests.Select(r => r.Id.ToString()).ToList();
        var lifecycles = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.SubjectType == FinancingStates.SubjectType && i.DefinitionId == FinancingStates.DefinitionId && subjectIds.Contains(i.SubjectId))
            .Select(i => new
            {
                i.Id, i.SubjectId,
                Expires = db.WorkflowTimers.Where(t => t.InstanceId == i.Id && t.Trigger == FinancingTriggers.Expirer).Select(t => (DateTime?)t.DueAt).Min(),
            })
            .ToDictionaryAsync(i => i.SubjectId, ct);

        var items = new List<IncompleteRequest>(requests.Count);
        foreach (var r in requests)
        {
            if (!lifecycles.TryGetValue(r.Id.ToString(), out var lifecycle))
            {
                continue;
            }

            var expected = ExpectedDocuments.FromLine(r.LineJson, options.Value.FileNameLength);
            var missing = ExpectedDocuments.Missing(expected, r.Documents).ToHashSet();
            items.Add(new IncompleteRequest(
                r.Id, lifecycle.Id, r.NumeroAsp, r.NumeroEditeur, r.Type, r.TypeLogiciel, r.NumeroAns, r.CreatedAt, lifecycle.Expires,
                [.. expected.Select(e => new ExpectedDocumentStatus(e.NomFichier, e.FormatFichier, e.TypeFichier, !missing.Contains(e.NomFichier)))]));
        }

        return new Page<IncompleteRequest>(items, total, number, pageSize);
    }

    /// <summary>The supplier's software types among its incomplete requests (the "Logiciel" filter's choices).</summary>
    public async Task<IReadOnlyList<string>> SoftwareTypesAsync(Guid supplierId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.FinancingRequests.AsNoTracking()
            .Where(r => r.SupplierId == supplierId && r.DeletedAt == null && r.Status == FinancingStates.NonCompletee)
            .Select(r => r.TypeLogiciel).Distinct().OrderBy(t => t).ToListAsync(ct);
    }

    private static IQueryable<FinancingRequest> Sorted(IQueryable<FinancingRequest> query, IncompleteFilter filter, SegurDbContext db)
    {
        var d = filter.Descending;
        return filter.Sort switch
        {
            IncompleteSortColumn.NumeroEditeur => d
                ? query.OrderByDescending(r => r.NumeroEditeur.Length).ThenByDescending(r => r.NumeroEditeur)
                : query.OrderBy(r => r.NumeroEditeur.Length).ThenBy(r => r.NumeroEditeur),
            IncompleteSortColumn.NumeroAsp => d
                ? query.OrderByDescending(r => r.NumeroAsp.Length).ThenByDescending(r => r.NumeroAsp)
                : query.OrderBy(r => r.NumeroAsp.Length).ThenBy(r => r.NumeroAsp),
            IncompleteSortColumn.Type => d ? query.OrderByDescending(r => r.Type).ThenBy(r => r.CreatedAt) : query.OrderBy(r => r.Type).ThenBy(r => r.CreatedAt),
            IncompleteSortColumn.Logiciel => d
                ? query.OrderByDescending(r => r.TypeLogiciel).ThenBy(r => r.CreatedAt)
                : query.OrderBy(r => r.TypeLogiciel).ThenBy(r => r.CreatedAt),
            IncompleteSortColumn.NumeroAns => d
                ? query.OrderByDescending(r => r.NumeroAns.Length).ThenByDescending(r => r.NumeroAns).ThenBy(r => r.CreatedAt)
                : query.OrderBy(r => r.NumeroAns.Length).ThenBy(r => r.NumeroAns).ThenBy(r => r.CreatedAt),
            // How many documents are already there: a count, sorted as a number.
            IncompleteSortColumn.Pieces => d
                ? query.OrderByDescending(r => db.RequestDocuments.Count(x => x.RequestId == r.Id)).ThenBy(r => r.CreatedAt)
                : query.OrderBy(r => db.RequestDocuments.Count(x => x.RequestId == r.Id)).ThenBy(r => r.CreatedAt),
            _ => d
                ? query.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.NumeroEditeur)
                : query.OrderBy(r => r.CreatedAt).ThenBy(r => r.NumeroEditeur),
        };
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

public sealed record RequestSummary(
    string NumeroAsp, string NumeroEditeur, string Type, string Statut, string EtatPaiement, string NumeroAns,
    decimal MontantSegurHTDeclare, decimal? MontantRetenuHT, decimal? MontantDecide, DateTime DateDepot)
{
    /// <summary>The supplier's dénomination sociale.</summary>
    public string Denomination { get; init; } = "";

    /// <summary>The software type ("LGC", "DPI"...), the "Logiciel" column.</summary>
    public string TypeLogiciel { get; init; } = "";
}

public sealed record RequestVersionView(int Numero, string Statut, DateTime Date);

public sealed record RequestDetail(
    Guid Id, string NumeroAsp, string NumeroEditeur, string Type, string Statut, string StatusCode, string EtatPaiement,
    string NumeroAns, string Siret, string Denomination, string TypeLogiciel, string RegimeTva, DateOnly DateCommande,
    decimal MontantSegurHTDeclare, decimal? MontantFactureHT, decimal? MontantRetenuHT, decimal? MontantRetenuTTC, decimal? MontantDecide,
    decimal? MontantAvanceVerse, DateTime DateDepot, IReadOnlyList<RequestVersionView> Versions, JsonElement? Ligne);

/// <summary>
/// Read side of financing requests, paged on the server. A supplier sees only its company's requests; staff never
/// see incomplete ones (their documents step is not finished) nor deleted ones.
/// </summary>
public sealed class RequestQueries(SegurDatabase database, FinancingRules rules)
{
    public const string NoPayment = "Aucun paiement en cours";

    /// <summary>
    /// Beyond this many requests (of all suppliers) holding a numéro's rarest trigrams, the table walks its index instead of
    /// starting from them: each candidate costs a read of its row (decision 0252).
    /// </summary>
    internal const int MaxNumeroCandidates = 2_000;

    /// <summary>
    /// One page of the table. The page's keys are read first by one walk of an index (filters and order held by it), then
    /// only those rows; the total is counted only when the page does not tell it (a short page is the last one) and the
    /// caller does not know it already (<paramref name="knownTotal"/>: the same filter, another page or order;
    /// docs/decisions/0130).
    /// </summary>
    /// <exception cref="InvalidRequestFilterException">One date bound without the other, or the bounds reversed.</exception>
    public async Task<Page<RequestSummary>> ListAsync(
        Guid? supplierId, RequestFilter filter, RequestSort? sort, int? page, int? size, int? knownTotal = null, CancellationToken ct = default)
    {
        filter.Checked();
        sort ??= RequestSort.Default;
        var (number, pageSize) = Page<RequestSummary>.Normalize(page, size);
        var hidden = await HiddenFromStaffAsync(supplierId, ct);
        await using var db = database.CreateContext();
        var candidates = await RequestNumberSearch.CandidatesAsync(db, filter.Numero, MaxNumeroCandidates, ct);
        var filtered = Visible(db, supplierId, hidden, candidates).Filtered(db, filter);
        // Past the first page the total is needed anyway (a full page does not tell it): counted first, it lets a page in
        // the second half be read from the other end of the index (PageKeys).
        var total = knownTotal ?? (number > 1 ? await filtered.CountAsync(ct) : null);
        var (ids, _) = await PageKeys.ReadAsync(filtered, sort, number, pageSize, total, db.DecimalsAsText(), ct);
        var rows = ids.Count == 0
            ? []
            : await db.FinancingRequests.AsNoTracking()
                .Where(r => ids.Contains(r.Id))
                .Select(r => new
                {
                    r.Id,
                    Summary = new RequestSummary(
                        r.NumeroAsp, r.NumeroEditeur, r.Type, r.StatusLabel,
                        r.PaymentStateLabel ?? NoPayment, // the versement's state, written with it (decision 0203)
                        r.NumeroAns, r.MontantSegurHTDeclare, r.MontantRetenuHT, r.MontantDecide, r.CreatedAt)
                    {
                        Denomination = r.Denomination, TypeLogiciel = r.TypeLogiciel,
                    },
                })
                .ToListAsync(ct);
        var byId = rows.ToDictionary(r => r.Id, r => r.Summary);
        var items = ids.Where(byId.ContainsKey).Select(id => byId[id]).ToList();

        // Page one that is short tells its total (even over a known one: it is exact now); otherwise it is counted (page one
        // full, or read above).
        total = number == 1 && ids.Count < pageSize ? ids.Count : total ?? await filtered.CountAsync(ct);
        return new Page<RequestSummary>(items, total.Value, number, pageSize);
    }

    public async Task<RequestDetail?> GetAsync(Guid? supplierId, string numeroAsp, CancellationToken ct = default)
    {
        var hidden = await HiddenFromStaffAsync(supplierId, ct);
        await using var db = database.CreateContext();
        var request = await Visible(db, supplierId, hidden).SingleOrDefaultAsync(r => r.NumeroAsp == numeroAsp, ct);
        if (request is null)
        {
            return null;
        }

        var payment = await db.Payments.AsNoTracking().Where(p => p.RequestId == request.Id).Select(p => p.EtatLabel).FirstOrDefaultAsync(ct);
        var history = await db.FinancingRequestVersions.AsNoTracking()
            .Where(v => v.RequestId == request.Id)
            .OrderBy(v => v.Number)
            .Select(v => new RequestVersionView(v.Number, v.Status, v.CreatedAt))
            .ToListAsync(ct);
        history.Add(new RequestVersionView(request.CurrentVersion, request.StatusLabel, request.CreatedAt));
        var line = request.LineJson is null ? (JsonElement?)null : JsonSerializer.Deserialize<JsonElement>(request.LineJson);
        return new RequestDetail(
            request.Id, request.NumeroAsp, request.NumeroEditeur, request.Type, request.StatusLabel, request.Status, payment ?? NoPayment,
            request.NumeroAns, request.Siret, request.Denomination, request.TypeLogiciel, request.RegimeTva, request.DateCommande,
            request.MontantSegurHTDeclare, request.MontantFactureHT, request.MontantRetenuHT, request.MontantRetenuTTC, request.MontantDecide,
            request.MontantAvanceVerse, request.CreatedAt, history, line);
    }

    /// <summary>Numbers for the search box's autocomplete (from 3 characters).</summary>
    public async Task<IReadOnlyList<string>> SuggestAsync(Guid? supplierId, string start, CancellationToken ct = default)
    {
        if (start.Length < 3)
        {
            return [];
        }

        var hidden = await HiddenFromStaffAsync(supplierId, ct);
        await using var db = database.CreateContext();
        return await Visible(db, supplierId, hidden)
            .Where(r => r.NumeroAsp.StartsWith(start) || r.NumeroEditeur.StartsWith(start))
            .OrderBy(r => r.NumeroAsp)
            .Select(r => r.NumeroAsp)
            .Take(20)
            .ToListAsync(ct);
    }

    /// <summary>The states whose <c>visibleTo</c> leaves staff out (e.g. "Non complétée"), read from the definition.</summary>
    private async Task<IReadOnlyList<string>> HiddenFromStaffAsync(Guid? supplierId, CancellationToken ct) =>
        supplierId is null ? (await rules.CurrentAsync(ct)).HiddenFromStaff : [];

    /// <param name="numeroCandidates">The trigram index's candidates for the numéro filter: the rows to start from (decision 0252).</param>
    private static IQueryable<FinancingRequest> Visible(
        SegurDbContext db, Guid? supplierId, IReadOnlyList<string> hiddenFromStaff, IReadOnlyList<long>? numeroCandidates = null)
    {
        var root = numeroCandidates is null ? db.FinancingRequests : RequestNumberSearch.Rows(db, numeroCandidates);
        var requests = root.AsNoTracking().Where(r => r.DeletedAt == null);
        return supplierId is { } id
            ? requests.Where(r => r.SupplierId == id)
            : requests.Where(r => !hiddenFromStaff.Contains(r.Status));
    }
}

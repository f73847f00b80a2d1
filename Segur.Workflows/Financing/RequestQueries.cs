using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>Filters of the requests table; every filter is optional.</summary>
public sealed record RequestFilter
{
    /// <summary>Part of the numéro ASP or éditeur (used from 3 characters).</summary>
    public string? Numero { get; init; }

    public string? Type { get; init; }

    /// <summary>Status labels as users read them ("En cours", "Non complétée"...).</summary>
    public IReadOnlyList<string> Statuts { get; init; } = [];

    public string? EtatPaiement { get; init; }

    /// <summary>ANS numbers of the software (several allowed).</summary>
    public IReadOnlyList<string> NumerosAns { get; init; } = [];

    public DateOnly? Du { get; init; }

    public DateOnly? Au { get; init; }
}

public sealed record RequestSummary(
    string NumeroAsp, string NumeroEditeur, string Type, string Statut, string EtatPaiement, string NumeroAns,
    decimal MontantSegurHTDeclare, decimal? MontantRetenuHT, decimal? MontantDecide, DateTime DateDepot);

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

    public async Task<Page<RequestSummary>> ListAsync(Guid? supplierId, RequestFilter filter, int? page, int? size, CancellationToken ct = default)
    {
        var (number, pageSize) = Page<RequestSummary>.Normalize(page, size);
        var hidden = await HiddenFromStaffAsync(supplierId, ct);
        await using var db = database.CreateContext();
        var rows = from r in Visible(db, supplierId, hidden).Filtered(filter)
                   join p in db.Payments on r.Id equals p.RequestId into payments
                   from p in payments.DefaultIfEmpty()
                   select new { r, Etat = p == null ? NoPayment : p.EtatLabel };
        if (!string.IsNullOrEmpty(filter.EtatPaiement))
        {
            rows = rows.Where(x => x.Etat == filter.EtatPaiement);
        }

        var total = await rows.CountAsync(ct);
        var items = await rows
            .OrderByDescending(x => x.r.CreatedAt).ThenBy(x => x.r.NumeroAsp)
            .Skip((number - 1) * pageSize).Take(pageSize)
            .Select(x => new RequestSummary(
                x.r.NumeroAsp, x.r.NumeroEditeur, x.r.Type, x.r.StatusLabel, x.Etat, x.r.NumeroAns,
                x.r.MontantSegurHTDeclare, x.r.MontantRetenuHT, x.r.MontantDecide, x.r.CreatedAt))
            .ToListAsync(ct);
        return new Page<RequestSummary>(items, total, number, pageSize);
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

    private static IQueryable<FinancingRequest> Visible(SegurDbContext db, Guid? supplierId, IReadOnlyList<string> hiddenFromStaff)
    {
        var requests = db.FinancingRequests.AsNoTracking().Where(r => r.DeletedAt == null);
        return supplierId is { } id
            ? requests.Where(r => r.SupplierId == id)
            : requests.Where(r => !hiddenFromStaff.Contains(r.Status));
    }
}

using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Exports;

/// <summary>A row of the requests export: every column of the requests table, the amounts and the payment's dates.</summary>
public sealed record RequestExportRow(
    string NumeroAsp, string NumeroEditeur, string Type, string Statut, string EtatPaiement, string NumeroAns, string TypeLogiciel,
    string Couloir, string Siret, string Denomination, DateTime DateDepot, DateOnly DateCommande, string RegimeTva,
    decimal MontantSegurHTDeclare, decimal? MontantFactureHT, decimal? MontantRetenuHT, decimal? MontantRetenuTTC, decimal? MontantDecide,
    decimal? MontantAvanceVerse, DateTime? DateValidation, DateTime? DateMiseEnPaiement, decimal? MontantPaye, DateOnly? DatePaiement);

/// <summary>
/// The financing requests to export, streamed from the database row by row (never a list in memory): a supplier's own,
/// or, for staff (no supplier), every supplier's but those hidden from staff, filtered as the requests table is.
/// Kept apart from <see cref="RequestQueries"/>, whose paging the table tunes.
/// </summary>
public sealed class RequestExport(SegurDatabase database, FinancingRules rules)
{
    public async IAsyncEnumerable<RequestExportRow> StreamAsync(Guid? supplierId, RequestFilter filter, [EnumeratorCancellation] CancellationToken ct = default)
    {
        IReadOnlyList<string> hidden = supplierId is null ? (await rules.CurrentAsync(ct)).HiddenFromStaff : [];
        await using var db = database.CreateContext();
        var requests = db.FinancingRequests.AsNoTracking().Where(r => r.DeletedAt == null);
        requests = supplierId is { } id ? requests.Where(r => r.SupplierId == id) : requests.Where(r => !hidden.Contains(r.Status));

        var rows = from r in requests.Filtered(db, filter)
                   join p in db.Payments on r.Id equals p.RequestId into payments
                   from p in payments.DefaultIfEmpty()
                   select new { r, p, Etat = p == null ? RequestQueries.NoPayment : p.EtatLabel };
        if (!string.IsNullOrEmpty(filter.EtatPaiement))
        {
            rows = rows.Where(x => x.Etat == filter.EtatPaiement);
        }

        var query = rows
            .OrderByDescending(x => x.r.CreatedAt).ThenBy(x => x.r.NumeroAsp)
            .Select(x => new RequestExportRow(
                x.r.NumeroAsp, x.r.NumeroEditeur, x.r.Type, x.r.StatusLabel, x.Etat, x.r.NumeroAns, x.r.TypeLogiciel,
                x.r.Couloir, x.r.Siret, x.r.Denomination, x.r.CreatedAt, x.r.DateCommande, x.r.RegimeTva,
                x.r.MontantSegurHTDeclare, x.r.MontantFactureHT, x.r.MontantRetenuHT, x.r.MontantRetenuTTC, x.r.MontantDecide,
                x.r.MontantAvanceVerse,
                x.p == null ? null : x.p.DateValidation,
                x.p == null ? null : x.p.DateMiseEnPaiement,
                x.p == null ? null : x.p.MontantPaye,
                x.p == null ? null : x.p.DatePaiement));
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }
}

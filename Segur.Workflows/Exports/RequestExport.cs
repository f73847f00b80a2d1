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
/// or, for staff (no supplier), every supplier's but those hidden from staff, filtered and sorted as the requests table is.
/// Kept apart from <see cref="RequestQueries"/>, whose paging the table tunes. The staff's instruction screen exports
/// through <see cref="Rows"/> with its own filters (<c>InstructionQueries.ExportAsync</c>).
/// </summary>
public sealed class RequestExport(SegurDatabase database, FinancingRules rules)
{
    public async IAsyncEnumerable<RequestExportRow> StreamAsync(
        Guid? supplierId, RequestFilter filter, RequestSort? sort = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        IReadOnlyList<string> hidden = supplierId is null ? (await rules.CurrentAsync(ct)).HiddenFromStaff : [];
        await using var db = database.CreateContext();
        var requests = db.FinancingRequests.AsNoTracking().Where(r => r.DeletedAt == null);
        requests = supplierId is { } id ? requests.Where(r => r.SupplierId == id) : requests.Where(r => !hidden.Contains(r.Status));
        var sorted = requests.Filtered(db, filter).Sorted(sort ?? RequestSort.Default, db.DecimalsAsText());
        await foreach (var row in Rows(db, sorted).AsAsyncEnumerable().WithCancellation(ct))
        {
            yield return row;
        }
    }

    /// <summary>The export's columns for these requests, in their order, each with its payment's amounts and dates.</summary>
    public static IQueryable<RequestExportRow> Rows(SegurDbContext db, IQueryable<FinancingRequest> sorted) =>
        from r in sorted
        join p in db.Payments on r.Id equals p.RequestId into payments
        from p in payments.DefaultIfEmpty()
        select new RequestExportRow(
            r.NumeroAsp, r.NumeroEditeur, r.Type, r.StatusLabel, p == null ? RequestQueries.NoPayment : p.EtatLabel, r.NumeroAns, r.TypeLogiciel,
            r.Couloir, r.Siret, r.Denomination, r.CreatedAt, r.DateCommande, r.RegimeTva,
            r.MontantSegurHTDeclare, r.MontantFactureHT, r.MontantRetenuHT, r.MontantRetenuTTC, r.MontantDecide,
            r.MontantAvanceVerse,
            p == null ? null : p.DateValidation,
            p == null ? null : p.DateMiseEnPaiement,
            p == null ? null : p.MontantPaye,
            p == null ? null : p.DatePaiement);
}

using Microsoft.EntityFrameworkCore;

namespace Segur.Workflows.Financing;

/// <summary>
/// The requests table's order, on the server. Ties are broken by the numéro ASP in the same direction, so each order is
/// one walk of one index (docs/decisions/0130). SQLite keeps decimals as text: amounts are ordered as numbers there
/// through <c>CAST(... AS REAL)</c>, the expression its amount indexes hold.
/// <para>
/// Every order starts with <c>DeletedAt</c>, in the same direction: the queries sorted here keep the requests not deleted
/// only (<c>DeletedAt IS NULL</c>), so it changes no order, but the indexes lead with it (after the supplier) and PostgreSQL
/// does not take <c>IS NULL</c> as an equality when it matches an order to an index: without it, every page sorted all the
/// matching entries instead of walking the index in order and stopping after its rows (docs/decisions/0206). SQLite takes
/// <c>IS NULL</c> as an equality anyway (same plans).
/// </para>
/// </summary>
public static class RequestOrdering
{
    public static IQueryable<FinancingRequest> Sorted(this IQueryable<FinancingRequest> query, RequestSort sort, bool decimalsAsText) =>
        (sort.Column, decimalsAsText) switch
        {
            (RequestSortColumn.NumeroAsp, _) => sort.Descending
                ? query.OrderByDescending(r => r.DeletedAt).ThenByDescending(r => r.NumeroAsp)
                : query.OrderBy(r => r.DeletedAt).ThenBy(r => r.NumeroAsp),
            (RequestSortColumn.NumeroEditeur, _) => By(query, r => r.NumeroEditeur, sort.Descending),
            (RequestSortColumn.Denomination, _) => By(query, r => r.Denomination, sort.Descending),
            (RequestSortColumn.Type, _) => By(query, r => r.Type, sort.Descending),
            (RequestSortColumn.Logiciel, _) => By(query, r => r.TypeLogiciel, sort.Descending),
            (RequestSortColumn.NumeroAns, _) => By(query, r => r.NumeroAns, sort.Descending),
            (RequestSortColumn.Statut, _) => By(query, r => r.StatusLabel, sort.Descending),
            (RequestSortColumn.MontantDeclare, true) => By(query, r => (double)r.MontantSegurHTDeclare, sort.Descending),
            (RequestSortColumn.MontantDeclare, false) => By(query, r => r.MontantSegurHTDeclare, sort.Descending),
            (RequestSortColumn.MontantRetenu, true) => By(query, r => (double?)r.MontantRetenuHT, sort.Descending),
            (RequestSortColumn.MontantRetenu, false) => By(query, r => r.MontantRetenuHT, sort.Descending),
            (RequestSortColumn.MontantDecide, true) => By(query, r => (double?)r.MontantDecide, sort.Descending),
            (RequestSortColumn.MontantDecide, false) => By(query, r => r.MontantDecide, sort.Descending),
            _ => By(query, r => r.CreatedAt, sort.Descending),
        };

    /// <summary>Whether this context's provider stores decimals as text (SQLite).</summary>
    public static bool DecimalsAsText(this Persistence.SegurDbContext db) => db.Database.IsSqlite();

    private static IOrderedQueryable<FinancingRequest> By<TKey>(
        IQueryable<FinancingRequest> query, System.Linq.Expressions.Expression<Func<FinancingRequest, TKey>> key, bool descending) =>
        descending
            ? query.OrderByDescending(r => r.DeletedAt).ThenByDescending(key).ThenByDescending(r => r.NumeroAsp)
            : query.OrderBy(r => r.DeletedAt).ThenBy(key).ThenBy(r => r.NumeroAsp);
}

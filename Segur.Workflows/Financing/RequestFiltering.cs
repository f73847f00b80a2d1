using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>
/// The requests table's filters (<see cref="RequestFilter"/>) as a query, shared by the table (<see cref="RequestQueries"/>)
/// and its CSV export, so the export applies exactly what the table shows. The payment state is filtered after the join with the payments.
/// </summary>
public static class RequestFiltering
{
    public static IQueryable<FinancingRequest> Filtered(this IQueryable<FinancingRequest> query, RequestFilter filter)
    {
        if (filter.Numero is { Length: >= 3 } numero)
        {
            query = query.Where(r => r.NumeroAsp.Contains(numero) || r.NumeroEditeur.Contains(numero));
        }

        if (!string.IsNullOrEmpty(filter.Type))
        {
            query = query.Where(r => r.Type == filter.Type);
        }

        if (filter.Statuts.Count > 0)
        {
            query = query.Where(r => filter.Statuts.Contains(r.StatusLabel));
        }

        if (filter.NumerosAns.Count > 0)
        {
            query = query.Where(r => filter.NumerosAns.Contains(r.NumeroAns));
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

        return query;
    }
}

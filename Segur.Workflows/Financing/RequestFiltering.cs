using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>
/// The requests table's filters (<see cref="RequestFilter"/>) as a query, shared by the table (<see cref="RequestQueries"/>)
/// and its CSV export, so the export applies exactly what the table shows. Every condition reads the request's own columns
/// (all held by the table's indexes, docs/decisions/0130) or a set probed once (payments, historised versions): no join that
/// multiplies rows and no read of the large request row for a row that is not shown.
/// </summary>
public static class RequestFiltering
{
    public static IQueryable<FinancingRequest> Filtered(this IQueryable<FinancingRequest> query, SegurDbContext db, RequestFilter filter)
    {
        if (filter.Numero?.Trim() is { Length: >= 3 } numero)
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

        if (filter.TypesLogiciel.Count > 0)
        {
            query = query.Where(r => filter.TypesLogiciel.Contains(r.TypeLogiciel));
        }

        if (filter.Historisee is { } historisee)
        {
            var archived = db.FinancingRequestVersions.Where(v => v.Status == ArchiveCurrentVersion.ArchivedStatus).Select(v => v.RequestId);
            query = historisee ? query.Where(r => archived.Contains(r.Id)) : query.Where(r => !archived.Contains(r.Id));
        }

        if (!string.IsNullOrEmpty(filter.EtatPaiement))
        {
            var etat = filter.EtatPaiement;
            query = etat == RequestQueries.NoPayment
                ? query.Where(r => !db.Payments.Select(p => p.RequestId).Contains(r.Id))
                : query.Where(r => db.Payments.Where(p => p.EtatLabel == etat).Select(p => p.RequestId).Contains(r.Id));
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

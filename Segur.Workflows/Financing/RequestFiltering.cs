using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>
/// The requests table's filters (<see cref="RequestFilter"/>) as a query, shared by the table (<see cref="RequestQueries"/>)
/// and its CSV export, so the export applies exactly what the table shows. Every condition reads the request's own columns
/// (all held by the table's indexes, docs/decisions/0130, 0181 and 0203, the payment state included): no join that
/// multiplies rows and no read of the large request row for a row that is not shown.
/// </summary>
public static class RequestFiltering
{
    public static IQueryable<FinancingRequest> Filtered(this IQueryable<FinancingRequest> query, SegurDbContext db, RequestFilter filter)
    {
        if (filter.Numero?.Trim() is { Length: >= 3 } numero)
        {
            // Exact on every database; the table's query may start from the trigram index's candidates (decision 0252).
            if (db.Database.IsNpgsql())
            {
                // LIKE, which the pg_trgm indexes serve (strpos, EF's Contains, is served by none): the same rows (decision 0252).
                // The pattern as a literal, so each text is planned for itself: a generic plan made for a rare text reads
                // every request of the supplier through the trigram index for a text most of them hold (« 2026 »).
                var pattern = RequestNumberSearch.LikeContains(numero);
                query = query.Where(r => EF.Functions.Like(r.NumeroAsp, EF.Constant(pattern), "\\")
                    || EF.Functions.Like(r.NumeroEditeur, EF.Constant(pattern), "\\"));
            }
            else
            {
                query = query.Where(r => r.NumeroAsp.Contains(numero) || r.NumeroEditeur.Contains(numero));
            }
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

        // Both read columns of the request the indexes hold (docs/decisions/0181), where a set of every supplier's
        // historised versions or payments was built and probed for each row.
        if (filter.Historisee is { } historisee)
        {
            query = query.Where(r => r.HasArchivedVersion == historisee);
        }

        if (!string.IsNullOrEmpty(filter.EtatPaiement))
        {
            var etat = filter.EtatPaiement;
            // The state shown: the versement's, held on the request and by the indexes (docs/decisions/0203), or « Aucun paiement
            // en cours » without one — which is also the first state of a versement's lifecycle, so that filter keeps both.
            query = etat == RequestQueries.NoPayment
                ? query.Where(r => r.PaymentStateLabel == null || r.PaymentStateLabel == etat)
                : query.Where(r => r.PaymentStateLabel == etat);
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

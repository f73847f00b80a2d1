using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Instruction;

/// <summary>
/// The staff search's filters as a query, shared by the instruction screen (<see cref="InstructionQueries.SearchAsync"/>)
/// and its CSV export, so « Exporter en CSV » gives exactly the rows the screen shows. The conditions the suppliers' table
/// also has are <see cref="RequestFiltering"/>'s; the supplier's name and SIRET are added here.
/// </summary>
public static class StaffRequestFiltering
{
    public static IQueryable<FinancingRequest> Filtered(this IQueryable<FinancingRequest> query, SegurDbContext db, StaffRequestFilter filter)
    {
        query = query.Filtered(db, filter.AsRequestFilter());
        if (filter.Fournisseur?.Trim() is { Length: > 0 } fournisseur)
        {
            var lowered = fournisseur.ToLower();
            query = query.Where(r => r.Denomination.ToLower().Contains(lowered));
        }

        if (filter.Siret?.Replace(" ", "") is { Length: > 0 } siret)
        {
            query = query.Where(r => r.Siret.StartsWith(siret));
        }

        return query;
    }
}

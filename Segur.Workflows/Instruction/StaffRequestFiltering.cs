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
    /// <param name="denominations">The dénominations that hold the « fournisseur » text (<see cref="DenominationSearch"/>), or
    /// null to test the text on each request.</param>
    public static IQueryable<FinancingRequest> Filtered(
        this IQueryable<FinancingRequest> query, SegurDbContext db, StaffRequestFilter filter, IReadOnlyList<string>? denominations = null)
    {
        query = query.Filtered(db, filter.AsRequestFilter());
        if (filter.LoweredFournisseur() is { } lowered)
        {
            // The same rows either way: the names are those of the requests that hold the text (docs/decisions/0207).
            query = denominations is null
                ? query.Where(r => r.Denomination.ToLower().Contains(lowered))
                : query.Where(r => denominations.Contains(r.Denomination));
        }

        if (filter.Siret?.Replace(" ", "") is { Length: > 0 } siret)
        {
            query = query.Where(r => r.Siret.StartsWith(siret));
        }

        return query;
    }

    /// <summary>The « fournisseur » text as the filter compares it (trimmed, lowered), or null when there is none.</summary>
    public static string? LoweredFournisseur(this StaffRequestFilter filter) =>
        filter.Fournisseur?.Trim() is { Length: > 0 } fournisseur ? fournisseur.ToLower() : null;
}

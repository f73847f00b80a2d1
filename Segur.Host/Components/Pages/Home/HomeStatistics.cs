using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Host.Components.Pages.Home;

/// <summary>How many of a supplier's financing requests are in one status.</summary>
public sealed record StatusCount(string Code, string Label, int Count);

/// <summary>The statistics of a supplier's home page.</summary>
public sealed record SupplierHome(IReadOnlyList<StatusCount> ByStatus, int Incomplete)
{
    public int Total => ByStatus.Sum(s => s.Count);
}

/// <summary>
/// Read side of the supplier's home page. A request's status is the state of its "financing-request" instance, which
/// the engine copies onto the request (<c>Status</c>, <c>StatusLabel</c>) in the fire's transaction: counting it there
/// is one indexed query (SupplierId, Status), and the counts match the requests table's status filter. Only the
/// supplier's own requests count; deleted ones do not.
/// </summary>
public sealed class HomeStatistics(SegurDatabase database, DefinitionCatalog catalog)
{
    public const string DefinitionId = "financing-request";

    /// <summary>The state of a request whose documents step is not finished ("Non complétée").</summary>
    public const string IncompleteState = "NonCompletee";

    public async Task<SupplierHome> ForSupplierAsync(Guid supplierId, CancellationToken ct = default)
    {
        // A context per call: pages live in a long-running circuit, a DbContext must not.
        await using var db = database.CreateContext();
        var counts = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.SupplierId == supplierId && r.DeletedAt == null && r.Status != "")
            .GroupBy(r => new { r.Status, r.StatusLabel })
            .Select(g => new StatusCount(g.Key.Status, g.Key.StatusLabel, g.Count()))
            .ToListAsync(ct);

        // In the lifecycle's order (Non complétée, En cours, ... Annulée), as the latest published version lists it.
        var definition = await catalog.GetLatestPublishedModelAsync(DefinitionId, ct);
        var order = definition.Model.States.Select((state, index) => (state.Code, index)).ToDictionary(s => s.Code, s => s.index);
        var byStatus = counts
            .OrderBy(c => order.GetValueOrDefault(c.Code, int.MaxValue))
            .ThenBy(c => c.Label, StringComparer.Ordinal)
            .ToList();
        return new SupplierHome(byStatus, byStatus.Where(s => s.Code == IncompleteState).Sum(s => s.Count));
    }
}

using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>A past version beside the current one, field by field.</summary>
public sealed record VersionComparison(
    string NumeroAsp, int Numero, string Statut, DateTime Date, int NumeroActuel, string StatutActuel, IReadOnlyList<FieldDifference> Fields)
{
    public int DifferenceCount => Fields.Count(f => f.Differs);
}

/// <summary>The "Historique" of a request: a past version opened and compared with the current one.</summary>
public sealed class RequestVersions(SegurDatabase database)
{
    /// <summary>Null when the request is not the supplier's (or, for staff, <paramref name="supplierId"/> null) or the version does not exist.</summary>
    public async Task<VersionComparison?> CompareAsync(Guid? supplierId, string numeroAsp, int number, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var request = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.NumeroAsp == numeroAsp && r.DeletedAt == null && (supplierId == null || r.SupplierId == supplierId))
            .SingleOrDefaultAsync(ct);
        if (request is null)
        {
            return null;
        }

        var version = await db.FinancingRequestVersions.AsNoTracking()
            .Where(v => v.RequestId == request.Id && v.Number == number)
            .SingleOrDefaultAsync(ct);
        return version is null
            ? null
            : new VersionComparison(request.NumeroAsp, version.Number, version.Status, version.CreatedAt, request.CurrentVersion, request.StatusLabel,
                RequestSnapshots.Compare(version.Snapshot, RequestSnapshots.Of(request)));
    }
}

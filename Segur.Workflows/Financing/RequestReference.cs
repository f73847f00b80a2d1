using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Simulation;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>A financing request is named by its numéro ASP (or its numéro éditeur) in the Studio.</summary>
public sealed class RequestReference : ISubjectReference
{
    public string SubjectType => "FinancingRequest";

    public async Task<string?> FindAsync(SegurDbContext db, string reference, CancellationToken ct)
    {
        var id = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.NumeroAsp == reference || r.NumeroEditeur == reference)
            .OrderBy(r => r.NumeroAsp == reference ? 0 : 1)
            .Select(r => (Guid?)r.Id)
            .FirstOrDefaultAsync(ct);
        return id?.ToString();
    }

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(SegurDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct)
    {
        var ids = subjectIds.Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var names = await db.FinancingRequests.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.NumeroAsp }).ToListAsync(ct);
        return names.ToDictionary(n => n.Id.ToString(), n => n.NumeroAsp);
    }
}

using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Simulation;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Payments;

/// <summary>A payment is named by the numéro ASP of its request and its type (« 2026-… (avance) ») in the Studio.</summary>
public sealed class PaymentReference : ISubjectReference
{
    public string SubjectType => "Payment";

    public async Task<string?> FindAsync(SegurDbContext db, string reference, CancellationToken ct)
    {
        var id = await db.Payments.AsNoTracking().Where(p => p.NumeroAsp == reference).OrderBy(p => p.DateValidation)
            .Select(p => (Guid?)p.Id).FirstOrDefaultAsync(ct);
        return id?.ToString();
    }

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(SegurDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct)
    {
        var ids = subjectIds.Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var names = await db.Payments.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.NumeroAsp, p.Type }).ToListAsync(ct);
        return names.ToDictionary(n => n.Id.ToString(), n => $"{n.NumeroAsp} ({n.Type})");
    }
}

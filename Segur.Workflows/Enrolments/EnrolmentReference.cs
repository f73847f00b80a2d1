using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Simulation;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Enrolments;

/// <summary>An enrolment is named by the numéro ANS of its software in the Studio.</summary>
public sealed class EnrolmentReference : ISubjectReference
{
    public string SubjectType => "Enrolment";

    public async Task<string?> FindAsync(SegurDbContext db, string reference, CancellationToken ct)
    {
        var id = await db.Enrolments.AsNoTracking().Where(e => e.NumeroAns == reference).Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        return id?.ToString();
    }

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(SegurDbContext db, IReadOnlyCollection<string> subjectIds, CancellationToken ct)
    {
        var ids = subjectIds.Select(s => Guid.TryParse(s, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
        var names = await db.Enrolments.AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => new { e.Id, e.NumeroAns }).ToListAsync(ct);
        return names.ToDictionary(n => n.Id.ToString(), n => n.NumeroAns);
    }
}

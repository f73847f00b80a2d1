using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Enrolments;

/// <summary>Enrolments with their supplier, whose SIRET and name the definitions read.</summary>
internal sealed class EnrolmentSubjectSource : ISubjectSource
{
    public string SubjectType => "Enrolment";

    public async Task<Subject?> LoadAsync(SegurDbContext db, string subjectId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subjectId, out var id) || await db.Enrolments.FindAsync([id], cancellationToken) is not { } enrolment)
        {
            return null;
        }

        await db.Entry(enrolment).Reference(e => e.Supplier).LoadAsync(cancellationToken);
        return new Subject(enrolment, enrolment.ToFacts);
    }
}

using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Instruction;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Payments;

/// <summary>
/// The versement as the subject of its "payment" instance, loaded with the request it pays (both tracked by the fire's
/// context): each change of the versement's state is written on the request in the same write (docs/decisions/0203).
/// </summary>
public sealed class PaymentSubjectSource : ISubjectSource
{
    public string SubjectType => SubjectTypes.Payment;

    public async Task<Subject?> LoadAsync(SegurDbContext db, string subjectId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subjectId, out var id) || await db.Payments.FindAsync([id], cancellationToken) is not { } payment)
        {
            return null;
        }

        var request = await db.FinancingRequests.FindAsync([payment.RequestId], cancellationToken)
            ?? throw new WorkflowException($"La demande du versement {payment.NumeroAsp} est introuvable.");
        payment.PaysFor(request);
        return new Subject(payment, payment.ToFacts);
    }
}

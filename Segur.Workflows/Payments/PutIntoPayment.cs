using Segur.Workflows.Engine.Activities;

namespace Segur.Workflows.Payments;

/// <summary>Records the date a versement was put into payment.</summary>
public sealed class PutIntoPayment : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(PutIntoPayment),
        "Paiement",
        "Enregistre la date de mise en paiement du versement.",
        []);

    public ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var payment = context.SubjectAs<Payment>();
        payment.PutIntoPayment(context.Now);
        context.Report($"mise en paiement du versement {payment.NumeroAsp}");
        return ValueTask.CompletedTask;
    }
}

using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Payments;

/// <summary>Records the effective payment; refuses an amount other than the decided one.</summary>
public sealed class RecordPayment : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(RecordPayment),
        "Paiement",
        "Enregistre le paiement effectif (montant payé, date). Le montant payé doit être égal au montant décidé, sinon l'action est refusée.",
        [
            new ActivityInput("montantPaye", InputKind.Number, true, "Montant payé, en euros."),
            new ActivityInput("datePaiement", InputKind.Date, false, "Date de paiement effective (aaaa-mm-jj) ; aujourd'hui si absente."),
        ]);

    public ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var payment = context.SubjectAs<Payment>();
        var amount = context.GetNumber("montantPaye") ?? throw new InvalidOperationException("Le montant payé est obligatoire.");
        payment.RecordPayment(amount, context.GetDate("datePaiement") ?? ParisDays.DayOf(context.Now));
        context.Report($"paiement de {amount:N2} € enregistré");
        return ValueTask.CompletedTask;
    }
}

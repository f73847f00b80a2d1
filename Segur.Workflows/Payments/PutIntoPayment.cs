using Microsoft.EntityFrameworkCore;
using Segur.Workflows.AccountChanges;
using Segur.Workflows.Engine.Activities;

namespace Segur.Workflows.Payments;

/// <summary>Records the date a versement was put into payment, and the bank details in force that day.</summary>
public sealed class PutIntoPayment : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(PutIntoPayment),
        "Paiement",
        "Enregistre la date de mise en paiement du versement et les coordonnées bancaires en vigueur ce jour-là " +
        "(les dernières validées dans « Mon compte », sinon celles de l'enrôlement).",
        []);

    public async ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var payment = context.SubjectAs<Payment>();
        var request = await context.Db.FinancingRequests.AsNoTracking()
            .Where(r => r.Id == payment.RequestId)
            .Select(r => new { r.SupplierId, r.EnrolmentId })
            .SingleOrDefaultAsync(cancellationToken);
        var bank = request is null ? null : await BankDetailsChanges.CurrentAsync(context.Db, request.SupplierId, request.EnrolmentId, cancellationToken);
        payment.PutIntoPayment(context.Now, bank);
        context.Report(bank is null
            ? $"mise en paiement du versement {payment.NumeroAsp} (aucunes coordonnées bancaires connues)"
            : $"mise en paiement du versement {payment.NumeroAsp} vers l'IBAN se terminant par {BankIdentifiers.End(bank.Iban)}");
    }
}

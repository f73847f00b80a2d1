using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Financing;

namespace Segur.Workflows.Payments;

/// <summary>Creates the versement of a decided request and starts its "payment" lifecycle.</summary>
public sealed class StartPayment : IActivity
{
    public const string PaymentDefinitionId = "payment";

    public ActivityDescriptor Descriptor { get; } = new(
        nameof(StartPayment),
        "Paiement",
        "Crée le versement (objet VERSE001) du montant décidé et démarre son cycle de paiement (« Aucun paiement en cours »).",
        []);

    public async ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var request = context.SubjectAs<FinancingRequest>();
        var payment = Payment.ForDecision(request, context.Now);
        context.Db.Payments.Add(payment);
        await context.StartWorkflowAsync(PaymentDefinitionId, payment.Id.ToString(), cancellationToken);
        context.Report($"versement de {payment.MontantDecide:N2} € créé pour {request.NumeroAsp}");
    }
}

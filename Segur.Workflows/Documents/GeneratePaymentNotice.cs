using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Payments;

namespace Segur.Workflows.Documents;

/// <summary>Makes the avis de paiement (PDF) of a paid versement and stores it with its request's documents.</summary>
public sealed class GeneratePaymentNotice(GeneratedDocuments documents) : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(GeneratePaymentNotice),
        "Documents",
        "Établit l'avis de paiement (PDF : versement VERSE001, montant décidé et montant payé, dates, compte crédité) " +
        "et le range avec les pièces de la demande, où le fournisseur le télécharge.",
        []);

    public async ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var payment = context.SubjectAs<Payment>();
        var document = await documents.CreatePaymentNoticeAsync(context.Db, payment, context.Now, context.IsDryRun, cancellationToken);
        context.Report($"avis de paiement « {document.FileName} » établi");
    }
}

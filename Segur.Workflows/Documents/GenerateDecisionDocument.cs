using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Financing;

namespace Segur.Workflows.Documents;

/// <summary>Makes the décision d'attribution (PDF) of a decided request and stores it with the request's documents.</summary>
public sealed class GenerateDecisionDocument(GeneratedDocuments documents) : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(GenerateDecisionDocument),
        "Documents",
        "Établit la décision d'attribution (PDF : références du dossier, montants HT et TTC, montant décidé, enveloppe budgétaire) " +
        "et la range avec les pièces de la demande, où le fournisseur la télécharge.",
        []);

    public async ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var request = context.SubjectAs<FinancingRequest>();
        var document = await documents.CreateDecisionAsync(context.Db, request, context.Now, context.IsDryRun, cancellationToken);
        context.Report($"décision d'attribution « {document.FileName} » établie");
    }
}

using Segur.Workflows.Engine.Activities;

namespace Segur.Workflows.Financing;

/// <summary>Deletes a request whose documents step was never finished.</summary>
public sealed class DeleteIncompleteRequest : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(DeleteIncompleteRequest),
        "Financement",
        "Supprime une demande non complétée (pièces justificatives jamais déposées) : elle disparaît des listes du fournisseur.",
        []);

    public ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var request = context.SubjectAs<FinancingRequest>();
        request.DeleteIncomplete(context.Now);
        context.Report($"demande {request.NumeroEditeur} supprimée");
        return ValueTask.CompletedTask;
    }
}

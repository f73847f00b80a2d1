using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Financing;

namespace Segur.Workflows.Budget;

/// <summary>Gives the amount a decision engaged back to its budget envelope (cancellation after a total recovery order).</summary>
public sealed class ReleaseBudget : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(ReleaseBudget),
        "Financement",
        "Rend à l'enveloppe budgétaire le montant que la décision de la demande y avait engagé (annulation après un ordre de " +
        "reversement total : la somme revient au budget). L'enveloppe est celle de la décision, même si une autre est ouverte aujourd'hui. " +
        "Sans montant engagé, ne fait rien.",
        []);

    public async ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var request = context.SubjectAs<FinancingRequest>();
        var released = await BudgetLedger.ReleaseAsync(context.Db, request.Id, cancellationToken);
        context.Report(released is null
            ? "Aucun montant engagé sur une enveloppe budgétaire : rien à rendre"
            : $"{Euros.Format(Euros.FromCents(released.AmountCents))} rendus à l'enveloppe « {released.EnvelopeLabel} » ({released.EnvelopeCode})");
    }
}

using Segur.Workflows.Engine.Activities;
using Segur.Workflows.Financing;

namespace Segur.Workflows.Budget;

/// <summary>Engages the decided amount on the request's budget envelope; refuses the decision when the envelope would be exceeded.</summary>
public sealed class EngageBudget(BudgetLedger ledger) : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(EngageBudget),
        "Financement",
        "Engage le montant décidé de la demande sur l'enveloppe budgétaire de son couloir ouverte à la date de la décision " +
        "(règle enveloppesBudgetaires de la dernière version publiée). Si l'enveloppe serait dépassée, ou si aucune n'est ouverte, la décision est refusée et rien n'est enregistré.",
        []);

    public async ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var request = context.SubjectAs<FinancingRequest>();
        var draw = context.IsSimulation
            ? await BudgetLedger.PreviewAsync(context.Db, request, context.Definition.Rules, context.Now, cancellationToken)
            : await ledger.EngageAsync(context.Db, request, context.Definition.Id, context.Now, context.Actor.Id, cancellationToken);
        context.Report($"{Euros.Format(draw.Amount)} engagés sur l'enveloppe « {draw.Envelope.Libelle} » ({draw.Envelope.Code}), " +
            $"reste {Euros.Format(draw.RemainingAfter)}");
    }
}

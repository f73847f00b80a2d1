using System.Globalization;
using Segur.Workflows.Engine.Activities;

namespace Segur.Workflows.Financing;

/// <summary>Computes the retained and decided amounts of a request from the definition's rules.</summary>
public sealed class ComputeAmounts : IActivity
{
    public ActivityDescriptor Descriptor { get; } = new(
        nameof(ComputeAmounts),
        "Financement",
        "Calcule l'engagement retenu (montant déclaré plafonné, HT et TTC selon le régime de TVA) et le montant décidé " +
        "(avance : pourcentage de l'engagement ; solde : réalisé plafonné moins l'avance versée), à partir des règles plafondsHT, pourcentageAvance et tauxTVA.",
        [])
    {
        RequiredRules = ["plafondsHT", "pourcentageAvance", "tauxTVA"],
    };

    public ValueTask ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var request = context.SubjectAs<FinancingRequest>();
        var amounts = FinancingCalculator.Compute(request, AmountRules.From(context.Definition.Rules));
        request.ApplyAmounts(amounts);
        var fr = CultureInfo.GetCultureInfo("fr-FR");
        context.Report(string.Create(fr,
            $"plafond {amounts.Plafond:N2} €, retenu {amounts.RetenuHT:N2} € HT / {amounts.RetenuTTC:N2} € TTC, décidé {amounts.Decide:N2} €"));
        return ValueTask.CompletedTask;
    }
}

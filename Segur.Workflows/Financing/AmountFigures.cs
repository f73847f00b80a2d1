using System.Globalization;
using Segur.Workflows.Engine.Simulation;

namespace Segur.Workflows.Financing;

/// <summary>
/// A request's amounts under some rules, for the Studio's what-if (the request itself is not changed). The ceiling is a
/// rule, not an amount of the request: a raised ceiling matters only to the requests whose retained amount it changes.
/// </summary>
public sealed class AmountFigures : IRuleFigures
{
    private static readonly CultureInfo s_fr = CultureInfo.GetCultureInfo("fr-FR");

    public string SubjectType => "FinancingRequest";

    public IReadOnlyList<Figure> Compute(object entity, IReadOnlyDictionary<string, object?> rules)
    {
        var amounts = FinancingCalculator.Compute((FinancingRequest)entity, AmountRules.From(rules));
        return
        [
            new Figure("Engagement retenu HT", Format(amounts.RetenuHT)),
            new Figure("Engagement retenu TTC", Format(amounts.RetenuTTC)),
            new Figure("Montant décidé", Format(amounts.Decide)),
        ];
    }

    private static string Format(decimal amount) => amount.ToString("N2", s_fr) + " €";
}

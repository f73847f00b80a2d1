using Segur.Workflows.Financing;

namespace Segur.Host.Components.Shared;

/// <summary>
/// Texts that quote a rule of the financing definition carry a token in place of its value, filled from the published
/// definition when shown: an analyst's change of the delay shows on every page at once.
/// </summary>
public static class RuleText
{
    /// <summary>The expiry delay of incomplete requests, e.g. "7 jours".</summary>
    public const string Expiry = "{delaiExpiration}";

    /// <summary>How many days an order may precede the software's referencing, e.g. "120".</summary>
    public const string OrderDays = "{delaiCommandeJours}";

    public static string Fill(string text, FinancingRuleSet? rules) => rules is null
        ? text
        : text.Replace(Expiry, rules.ExpiryText, StringComparison.Ordinal)
            .Replace(OrderDays, rules.MaxDaysBeforeReferencing.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

namespace Segur.Workflows.Financing;

/// <summary>The amounts of a request after instruction, all rounded to the cent.</summary>
public sealed record FinancingAmounts(decimal Plafond, decimal RetenuHT, decimal RetenuTTC, decimal Decide);

/// <summary>The rules of domain.md, with the values the definition's rules give (analyst-editable).</summary>
public sealed record AmountRules(
    IReadOnlyDictionary<string, decimal> PlafondsHT,
    decimal PourcentageAvance,
    decimal TauxTva)
{
    /// <summary>Reads plafondsHT, pourcentageAvance and tauxTVA from a definition's rules.</summary>
    public static AmountRules From(IReadOnlyDictionary<string, object?> rules)
    {
        var plafonds = rules.GetValueOrDefault("plafondsHT") as IReadOnlyDictionary<string, object?>
            ?? throw new InvalidOperationException("La règle plafondsHT (plafond HT par type de logiciel) manque dans la définition.");
        return new AmountRules(
            plafonds.Where(p => p.Value is decimal).ToDictionary(p => p.Key, p => (decimal)p.Value!),
            Number(rules, "pourcentageAvance"),
            Number(rules, "tauxTVA"));
    }

    private static decimal Number(IReadOnlyDictionary<string, object?> rules, string name) =>
        rules.GetValueOrDefault(name) as decimal?
        ?? throw new InvalidOperationException($"La règle numérique « {name} » manque dans la définition.");
}

public static class FinancingCalculator
{
    /// <summary>
    /// Engagement retenu HT = min(declared HT, ceiling); TTC = HT × (1 + VAT) when the regime is TTC, else HT.
    /// Avance décidée = the advance percentage of the retained amount (per VAT regime).
    /// Solde décidé = realised amount (invoice HT capped by the ceiling, per VAT regime) minus the advance paid.
    /// </summary>
    public static FinancingAmounts Compute(FinancingRequest request, AmountRules rules)
    {
        if (!rules.PlafondsHT.TryGetValue(request.TypeLogiciel, out var plafond))
        {
            throw new InvalidOperationException(
                $"Aucun plafond n'est défini pour le type de logiciel « {request.TypeLogiciel} » (règle plafondsHT).");
        }

        var isSolde = request.Type == RequestType.Solde;
        var declaredHT = isSolde
            ? request.MontantFactureHT ?? throw new InvalidOperationException(
                $"La demande de solde {request.NumeroAsp} n'a pas de montant facturé HT (montantSegurHTFacture).")
            : request.MontantSegurHTDeclare;

        var retenuHT = Cents(Math.Min(declaredHT, plafond));
        var retenuTTC = request.RegimeTva == "TTC" ? Cents(retenuHT * (1 + (rules.TauxTva / 100))) : retenuHT;
        var decide = isSolde
            ? Cents(Math.Max(0, retenuTTC - (request.MontantAvanceVerse ?? 0)))
            : Cents(retenuTTC * rules.PourcentageAvance / 100);

        return new FinancingAmounts(plafond, retenuHT, retenuTTC, decide);
    }

    private static decimal Cents(decimal value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);
}

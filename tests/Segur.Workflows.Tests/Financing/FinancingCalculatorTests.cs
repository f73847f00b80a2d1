using Segur.Workflows.Financing;

namespace Segur.Workflows.Tests.Financing;

public sealed class FinancingCalculatorTests
{
    private static readonly AmountRules s_rules = new(new Dictionary<string, decimal> { ["LGC"] = 1200m, ["LGO"] = 875m }, 30m, 20m);

    [Fact]
    public void TheRetainedEngagement_IsTheDeclaredAmount_CappedByTheCeiling()
    {
        var amounts = FinancingCalculator.Compute(Request(RequestType.Avance, "HT", declared: 2000m), s_rules);
        Assert.Equal((1200m, 1200m, 1200m, 360m), (amounts.Plafond, amounts.RetenuHT, amounts.RetenuTTC, amounts.Decide));
    }

    [Fact]
    public void UnderTheTtcRegime_TheEngagementCarriesVat_AndIsRoundedToTheCent()
    {
        var amounts = FinancingCalculator.Compute(Request(RequestType.Avance, "TTC", declared: 358.33m), s_rules);
        Assert.Equal(358.33m, amounts.RetenuHT);
        Assert.Equal(430.00m, amounts.RetenuTTC); // 429.996
        Assert.Equal(129.00m, amounts.Decide);    // 30 % of 430.00
    }

    [Fact]
    public void TheSolde_IsTheCappedRealisedAmount_MinusTheAdvancePaid()
    {
        var amounts = FinancingCalculator.Compute(Request(RequestType.Solde, "TTC", declared: 875m, type: "LGO", invoice: 900m, advance: 315m), s_rules);
        Assert.Equal(875m, amounts.RetenuHT);
        Assert.Equal(1050m, amounts.RetenuTTC);
        Assert.Equal(735m, amounts.Decide);
    }

    [Fact]
    public void ASoftwareTypeWithoutCeiling_IsAClearError()
    {
        var failure = Assert.Throws<InvalidOperationException>(() => FinancingCalculator.Compute(Request(RequestType.Avance, "HT", 100m, type: "XYZ"), s_rules));
        Assert.Contains("« XYZ »", failure.Message);
    }

    private static FinancingRequest Request(string kind, string regime, decimal declared, string type = "LGC", decimal? invoice = null, decimal? advance = null) => new()
    {
        NumeroAsp = "ASP1M0", NumeroEditeur = "E1", Type = kind, NumeroAns = "ANS", Siret = "00000000000000", Denomination = "D",
        TypeLogiciel = type, Couloir = "C", RegimeTva = regime, MontantSegurHTDeclare = declared, MontantFactureHT = invoice,
        MontantAvanceVerse = advance, EmailContact = "a@b.example",
    };
}

using System.Text.Json.Nodes;
using Segur.Workflows.Budget;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Budget;

/// <summary>The rule enveloppesBudgetaires as analysts write it: declared in the schema, checked for meaning, read by the ledger.</summary>
public sealed class EnvelopeRuleTests
{
    private readonly DefinitionCompiler _compiler = Compilers.Product();

    [Fact]
    public void TheReleasedEnvelopes_CoverEveryCouloirIn2026_AndTheWholeProgrammeAfter()
    {
        var envelopes = EnvelopeRule.From(_compiler.Compile(FinancingRequest().ToJsonString(), 1).Rules);

        foreach (var couloir in new[] { "HOPITAL", "MEDECIN_DE_VILLE", "OFFICINE", "BIOLOGIE", "RADIOLOGIE", "MS1", "MS2", "SAGES_FEMMES", "CHIRURGIENS_DENTISTES", "PARAMEDICAUX" })
        {
            Assert.NotNull(EnvelopeRule.Find(envelopes, couloir, "X", new DateOnly(2026, 6, 1)));
            Assert.Equal("SEGUR-2027", EnvelopeRule.Find(envelopes, couloir, "X", new DateOnly(2031, 6, 1))?.Code);
        }

        Assert.Null(EnvelopeRule.Find(envelopes, "MEDECIN_DE_VILLE", "LGC", new DateOnly(2025, 12, 31)));
        Assert.Equal("à partir du 01/01/2027", envelopes.Single(e => e.Code == "SEGUR-2027").PeriodLabel);
    }

    [Theory]
    [InlineData("au", "2025-12-31", "$.rules.enveloppesBudgetaires[0].au", "la période finit (31/12/2025) avant de commencer (01/01/2026)")]
    [InlineData("du", "2026-02-30", "$.rules.enveloppesBudgetaires[0].du", "la date de début doit être une date réelle")]
    [InlineData("code", "HOP-2026", "$.rules.enveloppesBudgetaires[1].code", "le code « HOP-2026 » est déjà celui de l'enveloppe n° 1")]
    public void AnEnvelopeWithoutMeaning_IsRefused_WithItsPath(string property, string value, string path, string message)
    {
        var definition = FinancingRequest();
        Envelopes(definition)[property == "code" ? 1 : 0]![property] = value;

        var problems = _compiler.Validate(definition.ToJsonString());

        Assert.Contains(problems, p => p.Path == path && p.Message.Contains(message));
    }

    [Fact]
    public void TwoEnvelopesThatCouldCoverOneRequest_AreRefused()
    {
        var definition = FinancingRequest();
        Envelopes(definition).Add(JsonNode.Parse(
            """{ "code": "LGC-AUTOMNE", "libelle": "LGC – automne 2026", "couloir": "MEDECIN_DE_VILLE", "typeLogiciel": "LGC", "du": "2026-09-01", "au": "2026-11-30", "montant": 1000 }"""));

        var problems = _compiler.Validate(definition.ToJsonString());

        var problem = Assert.Single(problems);
        Assert.Equal("$.rules.enveloppesBudgetaires[11]", problem.Path);
        Assert.Contains("l'enveloppe « LGC-AUTOMNE » couvre les mêmes demandes que « MDV-2026 »", problem.Message);
    }

    [Theory]
    [InlineData("montant", -5, "montant")]
    [InlineData("code", "mdv 2026", "code")]
    [InlineData("plafond", 3, "plafond")]
    public void AnEnvelopeOfTheWrongShape_IsRefusedByTheSchema(string property, object value, string named)
    {
        var definition = FinancingRequest();
        Envelopes(definition)[0]![property] = JsonValue.Create(value);

        var problems = _compiler.Validate(definition.ToJsonString());

        Assert.Contains(problems, p => p.Path.StartsWith("$.rules.enveloppesBudgetaires[0]") && (p.Path + p.Message).Contains(named));
    }

    private static JsonObject FinancingRequest() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Compilers.DefinitionsFolder, "financing-request.json")))!.AsObject();

    private static JsonArray Envelopes(JsonObject definition) => definition["rules"]!["enveloppesBudgetaires"]!.AsArray();
}

using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Engine;

public sealed class DefinitionValidationTests
{
    private readonly DefinitionCompiler _compiler = Compilers.Product();

    public static TheoryData<string> DefinitionFiles() =>
        new(Directory.EnumerateFiles(Compilers.DefinitionsFolder, "*.json").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(DefinitionFiles))]
    public void EveryReleaseDefinition_IsValid_AndDrawsItsStates(string file)
    {
        var json = File.ReadAllText(Path.Combine(Compilers.DefinitionsFolder, file));

        Assert.Empty(_compiler.Validate(json));
        var compiled = _compiler.Compile(json, 1);
        var mermaid = compiled.ToMermaid();
        Assert.All(compiled.Model.States, s => Assert.Contains(s.Code, mermaid));
    }

    [Fact]
    public void TheFinancingRequest_CarriesEveryStatusOfTheSeed()
    {
        var compiled = _compiler.Compile(File.ReadAllText(Path.Combine(Compilers.DefinitionsFolder, "financing-request.json")), 1);
        var labels = compiled.Model.States.Select(s => s.Label).ToList();
        Assert.Superset(
            new HashSet<string> { "Non complétée", "En cours", "En attente de pièce jointe complémentaire", "À modifier", "Validée", "Décidée", "Rejetée", "Annulée" },
            labels.ToHashSet());
    }

    [Theory]
    [InlineData("\"to\": \"B\"", "\"to\": \"Inconnu\"", "$.transitions[0].to", "« Inconnu » n'est pas déclaré")]
    [InlineData("\"guard\": \"subject.montantDecide > 0\"", "\"guard\": \"subject.montantDecide >\"", "$.transitions[0].guard", "Expression invalide")]
    [InlineData("\"type\": \"ComputeAmounts\"", "\"type\": \"CalculerTout\"", "$.transitions[0].activities[0].type", "l'activité « CalculerTout » n'existe pas")]
    [InlineData("\"template\": \"info\"", "\"template\": \"info\", \"copie\": \"x\"", "$.transitions[0].activities[1].inputs.copie", "pas d'entrée « copie »")]
    [InlineData("\"template\": \"info\"", "\"modele\": \"info\"", "$.transitions[0].activities[1].inputs.modele", "pas d'entrée « modele »")]
    [InlineData("\"template\": \"info\"", "\"template\": \"absent\"", "$.transitions[0].activities[1].inputs.template", "« absent » n'existe pas")]
    [InlineData("\"after\": \"P7D\"", "\"after\": \"=rules.delai +\"", "$.states[0].timers[0].after", "Expression invalide")]
    [InlineData("\"roles\": [\"Gestionnaire\"]", "\"roles\": [\"Directeur\"]", "$.transitions[0].roles[0]", "")]
    [InlineData("{ \"from\": \"B\", \"trigger\": \"Retour\", \"to\": \"A\", \"roles\": [\"Gestionnaire\"] }", "{ \"from\": \"A\", \"trigger\": \"Go\", \"to\": \"A\", \"roles\": [\"Gestionnaire\"] }", "$.transitions[2].trigger", "peuvent être vraies en même temps")]
    public void AnInvalidDefinition_IsRefused_WithThePathOfTheProblem(string find, string replace, string path, string message)
    {
        var json = Valid.Replace(find, replace);
        Assert.NotEqual(Valid, json);

        var problems = _compiler.Validate(json);

        Assert.Contains(problems, p => p.Path == path && p.Message.Contains(message));
        var refused = Assert.Throws<InvalidDefinitionException>(() => _compiler.Compile(json, 1));
        Assert.Contains(path, refused.Message);
    }

    [Theory]
    [InlineData("{ \"acompte\": [\"FACTURE\"] }")]
    [InlineData("{ \"avance\": [\"bon commande\"] }")]
    [InlineData("{ \"solde\": [\"FACTURE\", \"FACTURE\"] }")]
    [InlineData("{ \"solde\": \"FACTURE\" }")]
    public void ARequiredDocumentsRuleOfTheWrongShape_IsRefused_UnderItsPath(string rule)
    {
        var json = Valid.Replace("\"plafondsHT\": { \"LGC\": 1200 }", "\"plafondsHT\": { \"LGC\": 1200 }, \"piecesRequises\": " + rule);
        Assert.NotEqual(Valid, json);

        Assert.Contains(_compiler.Validate(json), p => p.Path.StartsWith("$.rules.piecesRequises", StringComparison.Ordinal));
        Assert.Empty(_compiler.Validate(Valid.Replace(
            "\"plafondsHT\": { \"LGC\": 1200 }", "\"plafondsHT\": { \"LGC\": 1200 }, \"piecesRequises\": { \"avance\": [\"BON_COMMANDE\"], \"solde\": [] }")));
    }

    [Fact]
    public void AnUnreachableState_IsReported()
    {
        var json = Valid.Replace("{ \"code\": \"C\", \"label\": \"Fin\", \"final\": true }",
            "{ \"code\": \"C\", \"label\": \"Fin\", \"final\": true }, { \"code\": \"D\", \"label\": \"Isolé\", \"final\": true }");

        Assert.Contains(_compiler.Validate(json), p => p.Path == "$.states[3]" && p.Message.Contains("inatteignable"));
    }

    [Fact]
    public void EveryProblem_IsReportedAtOnce()
    {
        var json = Valid.Replace("\"to\": \"B\"", "\"to\": \"Inconnu\"").Replace("\"type\": \"ComputeAmounts\"", "\"type\": \"CalculerTout\"");

        var problems = _compiler.Validate(json);

        Assert.Contains(problems, p => p.Path == "$.transitions[0].to");
        Assert.Contains(problems, p => p.Path == "$.transitions[0].activities[0].type");
    }

    [Fact]
    public void MalformedJson_IsReported_WithItsLine()
    {
        var problem = Assert.Single(_compiler.Validate("{\n  \"id\": \"x\",\n  \"name\": \n}"));
        Assert.Equal("$", problem.Path);
        Assert.Contains("ligne 4", problem.Message);
    }

    [Fact]
    public void AShapeError_IsReportedByTheSchema_WithItsPath()
    {
        var problems = _compiler.Validate(Valid.Replace("\"final\": true", "\"final\": \"oui\""));
        Assert.Contains(problems, p => p.Path.StartsWith("$.states[", StringComparison.Ordinal) && p.Path.EndsWith(".final", StringComparison.Ordinal));
    }

    private const string Valid = """
        {
          "id": "test-valid",
          "name": "Test",
          "subjectType": "FinancingRequest",
          "initialState": "A",
          "rules": { "pourcentageAvance": 30, "tauxTVA": 20, "plafondsHT": { "LGC": 1200 } },
          "emailTemplates": { "info": { "subject": "Demande {{ subject.numeroAsp }}", "body": "Bonjour" } },
          "states": [
            { "code": "A", "label": "Départ", "timers": [ { "after": "P7D", "trigger": "Expirer" } ] },
            { "code": "B", "label": "Milieu" },
            { "code": "C", "label": "Fin", "final": true }
          ],
          "transitions": [
            { "from": "A", "trigger": "Go", "to": "B", "roles": ["Gestionnaire"], "guard": "subject.montantDecide > 0",
              "activities": [
                { "type": "ComputeAmounts" },
                { "type": "SendEmail", "inputs": { "to": "=subject.emailContact", "template": "info" } }
              ] },
            { "from": "A", "trigger": "Expirer", "to": "C", "roles": ["Systeme"] },
            { "from": "B", "trigger": "Retour", "to": "A", "roles": ["Gestionnaire"] },
            { "from": "B", "trigger": "Finir", "to": "C", "roles": ["Gestionnaire"] }
          ]
        }
        """;
}

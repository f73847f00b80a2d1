using System.Text.Json.Nodes;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Mail;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Engine.Versions;

/// <summary>The Studio's readings of a definition: comparisons in French, durations in words, template previews, template limits.</summary>
public sealed class StudioToolsTests
{
    private static readonly string s_request = File.ReadAllText(Path.Combine(Compilers.DefinitionsFolder, "financing-request.json"));

    [Fact]
    public void AComparison_SaysWhatChanged_InFrenchWords()
    {
        var json = JsonNode.Parse(s_request)!;
        json["rules"]!["plafondsHT"]!["LGC"] = 1500;
        json["rules"]!["delaiExpirationIncomplete"] = "P10D";
        json["states"]!.AsArray().Single(s => (string?)s!["code"] == "EnCours")!["label"] = "En cours d'instruction";
        var transitions = json["transitions"]!.AsArray();
        transitions.Remove(transitions.Single(t => (string?)t!["from"] == "EnCours" && (string?)t["trigger"] == "Annuler"));

        var diff = DefinitionDiff.Compare(s_request, json.ToJsonString());

        var rules = diff.Single(s => s.Title == "Règles").Changes;
        Assert.Contains("Règle « plafondsHT », ligne « LGC » : 1 200 → 1 500", rules.Select(r => r.Replace('\u202f', ' ').Replace('\u00a0', ' ')));
        Assert.Contains("Règle « delaiExpirationIncomplete » : P7D (7 jours) → P10D (10 jours)", rules);
        Assert.Contains(diff.Single(s => s.Title == "États").Changes, c => c.Contains("libellé : « En cours » → « En cours d'instruction »"));
        Assert.Contains(diff.Single(s => s.Title == "Transitions").Changes, c => c.StartsWith("Transition « ", StringComparison.Ordinal) && c.EndsWith("supprimée", StringComparison.Ordinal));
        Assert.Empty(DefinitionDiff.Compare(s_request, s_request));
    }

    [Fact]
    public void AChangeOfTheRequiredDocuments_ReadsAsOneSentencePerRequestType()
    {
        var json = JsonNode.Parse(s_request)!;
        json["rules"]!["piecesRequises"]!["avance"]!.AsArray().Add("DEVIS");
        json["rules"]!["piecesRequises"]!.AsObject().Remove("solde");

        var rules = DefinitionDiff.Compare(s_request, json.ToJsonString()).Single(s => s.Title == "Règles").Changes;

        Assert.Equal(
            [
                "Règle « piecesRequises », ligne « avance » : [« BON_COMMANDE »] → [« BON_COMMANDE », « DEVIS »]",
                "Règle « piecesRequises », ligne « solde » supprimée (elle valait [« FACTURE »])",
            ],
            rules);
    }

    [Theory]
    [InlineData("P7D", "7 jours")]
    [InlineData("PT12H", "12 heures")]
    [InlineData("P1DT6H", "1 jour et 6 heures")]
    [InlineData("sept jours", null)]
    public void ADuration_IsShownInWords(string text, string? words) => Assert.Equal(words, Durations.ToWords(text));

    [Fact]
    public async Task ATemplatePreview_RendersOnSampleValues_AndNamesAFieldThatDoesNotExist()
    {
        var definition = Compilers.Product().Compile(s_request, 1).Model;
        var preview = new TemplatePreview(new EmailComposer());

        var good = await preview.RenderAsync(definition, "Demande {{ subject.numeroAsp }}", "Motif : {{ values.motif }}");
        Assert.Empty(good.Errors);
        Assert.Equal("Demande ASP2026000123M0", good.Subject);
        Assert.Equal("Motif : «motif»", good.Body);

        var bad = await preview.RenderAsync(definition, "Demande {{ subject.numeroAps }}", "{% for x in subject.lignes %}{{ x.nom }}{% endfor %}");
        Assert.Contains(bad.Errors, e => e.StartsWith("le champ « subject.numeroAps » n'existe pas", StringComparison.Ordinal));
        Assert.DoesNotContain(bad.Errors, e => e.Contains("x.nom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATemplateThatRunsForever_IsStoppedByTheStepLimit()
    {
        var definition = Compilers.Product().Compile(s_request, 1).Model;
        var preview = new TemplatePreview(new EmailComposer());

        var endless = await preview.RenderAsync(definition, "Objet", "{% for i in (1..10000000) %}x{% endfor %}");

        Assert.Contains(endless.Errors, e => e.StartsWith("le gabarit ne se rend pas", StringComparison.Ordinal));
    }

    [Fact]
    public void AnOversizedTemplate_IsAProblemWithItsPath()
    {
        var json = JsonNode.Parse(s_request)!;
        json["emailTemplates"]!["rejet"]!["body"] = new string('x', SemanticCheck.MaxTemplateLength + 1);

        var problems = Compilers.Product().Validate(json.ToJsonString());

        Assert.Contains(problems, p => p.Path == "$.emailTemplates.rejet.body" && p.Message.Contains("au plus", StringComparison.Ordinal));
    }
}

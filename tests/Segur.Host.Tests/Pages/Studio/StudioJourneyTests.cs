using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Engine.Versions;
using static Microsoft.Playwright.Assertions;

namespace Segur.Host.Tests.Pages.Studio;

/// <summary>An analyst in Chromium: the list, a draft's JSON (an error shown at its line, then fixed), rules, a template, a comparison, the publication.</summary>
public sealed class StudioJourneyTests : IAsyncLifetime
{
    private SegurApp _app = default!;
    private Uri _address = default!;
    private PortalBrowser _browser = default!;

    public async Task InitializeAsync()
    {
        (_app, _address) = SegurApp.StartOnRealPort();
        _browser = await PortalBrowser.OpenAsync(_address);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnAnalyst_EditsTheJsonOfADraft_SeesTheErrorAtItsLine_FixesIt_ComparesAndPublishes()
    {
        var page = _browser.Page;
        var analyst = _app.Demo.Analysts[0];
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Identifiant (UID)").FillAsync(analyst.Uid);
        await page.GetByLabel("Mot de passe").FillAsync(analyst.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/accueil", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });

        await _browser.GotoInteractiveAsync("/studio");
        var row = page.Locator("tr[data-definition='financing-request']");
        await Expect(row).ToContainTextAsync("publiée par la livraison");
        await _browser.ScreenshotAsync("studio-1-liste");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, liste");

        await Clicks.UntilAddressAsync(page, row.GetByRole(AriaRole.Button), new Regex("/studio/definitions/financing-request$"));
        await _browser.WaitForInteractivityAsync();
        var editor = page.Locator("#definition-json");
        var json = JsonNode.Parse(await editor.InputValueAsync())!;

        json["rules"]!["plafondsHT"]!["LGC"] = 1500;
        json["transitions"]![0]!["to"] = "NullePart";
        // The first fill waits for the circuit's first render of the editor, slow when several Hosts share 2 cores.
        await editor.FillAsync(json.ToJsonString(s_indented), new() { Timeout = PortalBrowser.SlowTimeout });
        await editor.PressAsync("Tab", new() { Timeout = PortalBrowser.SlowTimeout });
        var problems = page.GetByTestId("problems");
        await Expect(problems).ToContainTextAsync("$.transitions[0].to", new() { Timeout = PortalBrowser.SlowTimeout });

        await Expect(problems).ToContainTextAsync("NullePart");
        await Expect(problems.Locator("li").First).ToContainTextAsync("ligne ");
        await Expect(page.GetByTestId("save-status")).ToContainTextAsync("Enregistré le", new() { Timeout = PortalBrowser.SlowTimeout });
        await _browser.ScreenshotAsync("studio-2-json-erreur");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, vue JSON avec erreur");

        json["transitions"]![0]!["to"] = "EnCours";
        await editor.FillAsync(json.ToJsonString(s_indented));
        await editor.PressAsync("Tab", new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(problems).ToContainTextAsync("Aucun problème", new() { Timeout = PortalBrowser.SlowTimeout });

        await page.GetByRole(AriaRole.Tab, new() { Name = "Règles" }).ClickAsync();
        var rules = page.GetByTestId("rules");
        await Expect(rules.Locator("tr[data-rule='delaiExpirationIncomplete']")).ToContainTextAsync("7 jours");
        await Expect(page.Locator("#regle-plafondsHT-LGC")).ToHaveValueAsync("1500");
        await _browser.ScreenshotAsync("studio-3-regles");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, règles");

        // Rows of a rule table: a new software type's ceiling, refused while its key or amount is wrong, then removed again;
        // a new budget envelope whose date is checked.
        await page.Locator("#nouvelle-cle-plafondsHT").FillAsync("LGC");
        await page.Locator("#nouveau-montant-plafondsHT").FillAsync("900");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la ligne à plafondsHT" }).ClickAsync();
        await Expect(page.GetByTestId("erreur-plafondsHT")).ToContainTextAsync("« LGC » existe déjà dans la table");
        await page.Locator("#nouvelle-cle-plafondsHT").FillAsync("LGC_SF");
        await page.Locator("#nouveau-montant-plafondsHT").FillAsync("douze");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la ligne à plafondsHT" }).ClickAsync();
        await Expect(page.GetByTestId("erreur-plafondsHT")).ToContainTextAsync("Montant : « douze » n'est pas un nombre");
        await page.Locator("#nouveau-montant-plafondsHT").FillAsync("900");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la ligne à plafondsHT" }).ClickAsync();
        await Expect(page.Locator("#regle-plafondsHT-LGC_SF")).ToHaveValueAsync("900");
        await Expect(page.GetByTestId("save-status")).ToContainTextAsync("Enregistré le", new() { Timeout = PortalBrowser.SlowTimeout });
        Assert.Equal(900, (int)JsonNode.Parse((await _app.Services.GetRequiredService<DefinitionDrafts>().GetAsync("financing-request"))!.Json)!["rules"]!["plafondsHT"]!["LGC_SF"]!);
        var envelopes = page.Locator("tr[data-rule='enveloppesBudgetaires'] tbody tr");
        var before = await envelopes.CountAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter une ligne à enveloppesBudgetaires" }).ClickAsync();
        await Expect(envelopes).ToHaveCountAsync(before + 1);
        var added = page.Locator($"#regle-enveloppesBudgetaires-{before}-du");
        await added.FillAsync("31/02/2027");
        await added.PressAsync("Tab");
        await Expect(page.Locator("tr[data-rule='enveloppesBudgetaires']")).ToContainTextAsync("du : « 31/02/2027 » n'est pas une date");
        await _browser.ScreenshotAsync("studio-3b-regles-lignes");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, règles avec lignes ajoutées");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Supprimer la ligne {before + 1} de enveloppesBudgetaires" }).ClickAsync();
        await Expect(envelopes).ToHaveCountAsync(before);
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer la ligne LGC_SF de plafondsHT" }).ClickAsync();
        await Expect(page.Locator("#regle-plafondsHT-LGC_SF")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Gabarits d'e-mail" }).ClickAsync();
        var subject = page.Locator("#gabarit-objet");
        var original = await subject.InputValueAsync();
        await subject.FillAsync("Demande {{ subject.numeroAps }}");
        await subject.PressAsync("Tab");
        var preview = page.GetByTestId("template-preview");
        await Expect(preview).ToContainTextAsync("le champ « subject.numeroAps » n'existe pas", new() { Timeout = PortalBrowser.SlowTimeout });
        await _browser.ScreenshotAsync("studio-4-gabarit-erreur");
        await subject.FillAsync(original);
        await subject.PressAsync("Tab");
        await Expect(preview).Not.ToContainTextAsync("n'existe pas", new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(preview).ToContainTextAsync("ASP2026000123M0");

        await page.GetByRole(AriaRole.Tab, new() { Name = "Valider et publier" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Comparer", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("diff")).ToContainTextAsync("« LGC »");
        await _browser.ScreenshotAsync("studio-5-comparer");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, comparer et publier");

        await page.GetByRole(AriaRole.Button, new() { Name = "Publier le brouillon" }).ClickAsync();
        await page.WaitForURLAsync("**/studio?publiee=*", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await _browser.WaitForInteractivityAsync();
        await Expect(page.Locator("tr[data-definition='financing-request']")).ToContainTextAsync($"publiée par {analyst.Uid}");
        await _browser.ScreenshotAsync("studio-6-publiee");
    }

    [Fact]
    public async Task AnAnalyst_EditsTheRequiredDocuments_RefusedWhileACodeOrARequestTypeIsWrong_AndTheDraftKeepsTheChange()
    {
        var page = _browser.Page;
        var analyst = _app.Demo.Analysts[0];
        await _browser.SignInAsync(analyst.Uid, analyst.Password);
        await _browser.GotoInteractiveAsync("/studio");
        await Clicks.UntilAddressAsync(page, page.Locator("tr[data-definition='financing-request']").GetByRole(AriaRole.Button), new Regex("/studio/definitions/financing-request$"));
        await _browser.WaitForInteractivityAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Règles" }).ClickAsync();
        var rule = page.Locator("tr[data-rule='piecesRequises']");
        await Expect(rule).ToContainTextAsync("listes de codes par clé");
        await Expect(rule.Locator("tr[data-key='avance'] li[data-item='BON_COMMANDE']")).ToBeVisibleAsync();
        await Expect(rule.Locator("tr[data-key='solde'] li[data-item='FACTURE']")).ToBeVisibleAsync();

        // A document type for the avance: refused empty or badly written, accepted in capitals.
        var addCode = page.GetByRole(AriaRole.Button, new() { Name = "Ajouter le code à piecesRequises, avance" });
        await addCode.ClickAsync();
        await Expect(page.GetByTestId("erreur-piecesRequises-avance")).ToContainTextAsync("Code : obligatoire");
        await page.Locator("#nouveau-code-piecesRequises-avance").FillAsync("bon de commande");
        await addCode.ClickAsync();
        await Expect(page.GetByTestId("erreur-piecesRequises-avance")).ToContainTextAsync("« BON DE COMMANDE » doit commencer par une lettre");
        await page.Locator("#nouveau-code-piecesRequises-avance").FillAsync("devis");
        await addCode.ClickAsync();
        await Expect(rule.Locator("tr[data-key='avance'] li[data-item='DEVIS']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("erreur-piecesRequises-avance")).ToHaveCountAsync(0);

        // A request type the import does not know is refused, so is one already listed.
        var addKey = page.GetByRole(AriaRole.Button, new() { Name = "Ajouter la ligne à piecesRequises" });
        await page.Locator("#nouvelle-cle-piecesRequises").FillAsync("acompte");
        await addKey.ClickAsync();
        await Expect(page.GetByTestId("erreur-piecesRequises")).ToContainTextAsync("« acompte » n'est pas admise (clés admises : avance, solde)");
        await page.Locator("#nouvelle-cle-piecesRequises").FillAsync("Solde");
        await addKey.ClickAsync();
        await Expect(page.GetByTestId("erreur-piecesRequises")).ToContainTextAsync("« solde » existe déjà");

        // The invoice is no longer required of a solde.
        await page.GetByRole(AriaRole.Button, new() { Name = "Retirer FACTURE de piecesRequises, solde" }).ClickAsync();
        await Expect(rule.Locator("tr[data-key='solde']")).ToContainTextAsync("aucun code : rien n'est exigé");
        await Expect(page.GetByTestId("save-status")).ToContainTextAsync("Enregistré le", new() { Timeout = PortalBrowser.SlowTimeout });
        var drafts = _app.Services.GetRequiredService<DefinitionDrafts>();
        var deadline = DateTime.UtcNow.AddMilliseconds(PortalBrowser.SlowTimeout);
        JsonNode required;
        while ((required = JsonNode.Parse((await drafts.GetAsync("financing-request"))!.Json)!["rules"]!["piecesRequises"]!)["solde"]!.AsArray().Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "Le brouillon enregistré n'a pas suivi la modification de la règle.");
            await Task.Delay(50);
        }

        Assert.Equal(["BON_COMMANDE", "DEVIS"], required["avance"]!.AsArray().Select(c => (string)c!));
        await _browser.ScreenshotAsync("studio-3c-pieces-requises");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, règle des pièces requises");
    }

    private static readonly JsonSerializerOptions s_indented = new()
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

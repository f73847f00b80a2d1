using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Segur.Host.Tests.Pages.Studio;

/// <summary>An analyst in Chromium simulates a request along a path, sees a draft's what-if, then migrates instances with a state mapping.</summary>
public sealed class SimulationJourneyTests : IAsyncLifetime
{
    // The demo's three deposited (En cours) requests: real requests to simulate, compare and migrate.
    private static readonly Dictionary<string, string?> WithDepositedRequests = new() { ["Segur:Demo:DepositedRequests"] = "true" };

    private SegurApp _app = default!;
    private Uri _address = default!;
    private PortalBrowser _browser = default!;

    public async Task InitializeAsync()
    {
        (_app, _address) = SegurApp.StartOnRealPort(WithDepositedRequests);
        _browser = await PortalBrowser.OpenAsync(_address);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnAnalyst_SimulatesARequestToItsDecision_SeesTheWhatIfOfADraft_AndPublishesARenamedStateWithAMapping()
    {
        var page = _browser.Page;
        var analyst = _app.Demo.Analysts[0];
        string numero;
        await using (var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            numero = await db.FinancingRequests.Where(r => r.Status == "EnCours").OrderBy(r => r.NumeroAsp).Select(r => r.NumeroAsp).FirstAsync();
        }

        await page.GotoAsync("/connexion");
        await page.GetByLabel("Identifiant (UID)").FillAsync(analyst.Uid);
        await page.GetByLabel("Mot de passe").FillAsync(analyst.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/accueil", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });

        // Instances per version and state.
        await _browser.GotoInteractiveAsync("/studio/definitions/financing-request/dossiers");
        await Expect(page.GetByTestId("counts")).ToContainTextAsync("En cours : ");
        await _browser.ScreenshotAsync("simulation-1-dossiers");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, dossiers d'une définition");

        // A path simulated on a real request: validate, then decide.
        await _browser.GotoInteractiveAsync("/studio/definitions/financing-request/simulation");
        await page.GetByTestId("sim-dossier").FillAsync(numero);
        await page.GetByTestId("sim-dossier").PressAsync("Tab");
        await page.GetByTestId("sim-run").ClickAsync();
        await Expect(page.GetByTestId("sim-state")).ToContainTextAsync("En cours", new() { Timeout = PortalBrowser.SlowTimeout });
        await page.GetByRole(AriaRole.Button, new() { Name = "Simuler « Valider la demande » en tant que Gestionnaire" }).ClickAsync();
        await Expect(page.Locator("[data-testid='sim-step'][data-trigger='Valider']")).ToContainTextAsync("ComputeAmounts", new() { Timeout = PortalBrowser.SlowTimeout });
        var decide = page.Locator("[data-role='Gestionnaire'] tr[data-trigger='Decider']");
        await Expect(decide).ToContainTextAsync("vraie");
        await Expect(decide).ToContainTextAsync("subject.montantDecide = ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Simuler « Décider la demande » en tant que Gestionnaire" }).ClickAsync();
        var decision = page.Locator("[data-testid='sim-step'][data-trigger='Decider']");
        await Expect(decision).ToContainTextAsync("EngageBudget", new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(decision.GetByTestId("sim-mail")).ToContainTextAsync(numero);
        await decision.GetByTestId("sim-mail").Locator("summary").ClickAsync();
        await Expect(page.GetByTestId("sim-state")).ToContainTextAsync("Décidée");
        await _browser.ScreenshotAsync("simulation-2-parcours");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, simulation");
        await using (var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            Assert.Equal("EnCours", await db.FinancingRequests.Where(r => r.NumeroAsp == numero).Select(r => r.Status).SingleAsync());
        }

        // A rule changed in a draft, and the live requests it would change.
        await _browser.GotoInteractiveAsync("/studio");
        await Clicks.UntilAddressAsync(page, page.Locator("tr[data-definition='financing-request']").GetByRole(AriaRole.Button), new Regex("/studio/definitions/financing-request$"));
        await _browser.WaitForInteractivityAsync();
        var editor = page.Locator("#definition-json");
        var json = JsonNode.Parse(await editor.InputValueAsync())!;
        json["rules"]!["pourcentageAvance"] = 40;
        json["rules"]!["pourcentageSolde"] = 60;
        await SaveAsync(editor, json.ToJsonString());
        await page.GetByRole(AriaRole.Tab, new() { Name = "Simulation et impact" }).ClickAsync();
        await page.GetByTestId("what-if-run").ClickAsync();
        await Expect(page.GetByTestId("what-if-lines").Locator($"tr[data-reference='{numero}']").First).ToContainTextAsync("Montant décidé",
            new() { Timeout = PortalBrowser.SlowTimeout });
        await _browser.ScreenshotAsync("simulation-3-impact");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, impact d'un brouillon");

        // The state « En cours » renamed in the draft: publishing stops, asks where its dossiers go, shows them by numéro ASP,
        // then publishes and moves them in one step.
        await page.GetByRole(AriaRole.Tab, new() { Name = "JSON" }).ClickAsync();
        await SaveAsync(editor, (await editor.InputValueAsync()).Replace("\"EnCours\"", "\"EnInstruction\""));
        await page.GetByRole(AriaRole.Tab, new() { Name = "Valider et publier" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier le brouillon" }).ClickAsync();
        var mapping = page.GetByTestId("publish-mapping");
        await Expect(page.GetByTestId("publish-mapping-message")).ToContainTextAsync("(EnCours) : 3 dossier(s)", new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(mapping.Locator("tr[data-state='EnCours'] select")).ToHaveValueAsync("EnInstruction");
        await page.GetByTestId("publish-preview").ClickAsync();
        var lines = page.GetByTestId("publish-lines");
        await Expect(lines).ToContainTextAsync(numero, new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(lines.Locator("tbody tr")).ToHaveCountAsync(3);
        await _browser.ScreenshotAsync("simulation-4-publication-correspondance");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, publication avec correspondance des états");
        await page.GetByTestId("publish-move").ClickAsync();
        await page.WaitForURLAsync("**/studio?publiee=*&deplaces=3", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await _browser.WaitForInteractivityAsync();
        await Expect(page.GetByTestId("published")).ToContainTextAsync("3 dossier(s) des états retirés y sont passés");
        await _browser.ScreenshotAsync("simulation-5-publiee-et-migree");
        await using (var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            Assert.Equal("EnInstruction", await db.FinancingRequests.Where(r => r.NumeroAsp == numero).Select(r => r.Status).SingleAsync());
        }
    }

    private async Task SaveAsync(ILocator editor, string text)
    {
        await editor.FillAsync(text);
        await editor.PressAsync("Tab");
        await Expect(_browser.Page.GetByTestId("problems")).ToContainTextAsync("Aucun problème", new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(_browser.Page.GetByTestId("save-status")).ToContainTextAsync("Enregistré le", new() { Timeout = PortalBrowser.SlowTimeout });
    }
}

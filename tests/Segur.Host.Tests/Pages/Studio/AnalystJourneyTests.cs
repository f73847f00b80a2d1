using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;
using static Microsoft.Playwright.Assertions;

namespace Segur.Host.Tests.Pages.Studio;

/// <summary>
/// The whole Studio as one analyst's morning in Chromium (issue 9, item 11): a draft opened, a state and a transition added on
/// the canvas, a ceiling and an e-mail subject changed (live preview), the draft simulated on a real request, then published —
/// a new request starts on the new version while an existing one keeps its own. Axe on each step, screenshots.
/// </summary>
public sealed class AnalystJourneyTests : IAsyncLifetime
{
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
    public async Task AnAnalyst_ChangesTheLifecycleRulesAndATemplate_SimulatesAndPublishes_NewRequestsTakeTheNewVersionOnly()
    {
        var page = _browser.Page;
        var analyst = _app.Demo.Analysts[0];
        var (numero, existingInstance, before) = await ExistingRequestAsync();

        await page.GotoAsync("/connexion");
        await page.GetByLabel("Identifiant (UID)").FillAsync(analyst.Uid);
        await page.GetByLabel("Mot de passe").FillAsync(analyst.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/accueil", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await _browser.GotoInteractiveAsync("/studio");
        await Clicks.UntilAddressAsync(page, page.Locator("tr[data-definition='financing-request']").GetByRole(AriaRole.Button), new Regex("/studio/definitions/financing-request$"));
        await _browser.WaitForInteractivityAsync();

        // Designer: a final state « En examen » and a transition to it from « En cours ».
        await page.GetByRole(AriaRole.Tab, new() { Name = "Schéma" }).ClickAsync();
        await Expect(page.Locator("[data-testid=designer][data-drawn=true]")).ToBeVisibleAsync(new() { Timeout = PortalBrowser.SlowTimeout });
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un état" }).ClickAsync();
        await page.Locator("#etat-code").FillAsync("EnExamen");
        await page.Locator("#etat-code").PressAsync("Tab");
        var added = page.Locator(".studio-state[data-state='EnExamen']");
        await Expect(added).ToBeVisibleAsync();
        await page.Locator("#etat-libelle").FillAsync("En examen");
        await Expect(added).ToContainTextAsync("En examen", new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(page.GetByTestId("save-status")).ToContainTextAsync("Enregistré le", new() { Timeout = PortalBrowser.SlowTimeout });
        await page.GetByTestId("state-panel").GetByLabel("État final").CheckAsync();
        await Expect(added).ToContainTextAsync("final");
        await page.Locator(".studio-state[data-state='EnCours']").ClickAsync();
        await Expect(page.GetByTestId("state-panel")).ToContainTextAsync("État EnCours");
        await page.Locator("#etat-transition-vers").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "EnExamen" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Relier" }).ClickAsync();
        await Expect(page.Locator("#transition-vers")).ToHaveValueAsync("EnExamen");
        await Expect(page.GetByTestId("problems")).ToContainTextAsync("Aucun problème", new() { Timeout = PortalBrowser.SlowTimeout });
        await _browser.ScreenshotAsync("analyste-1-schema");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio (parcours analyste), schéma");

        // Rules: the LGC ceiling.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Règles" }).ClickAsync();
        var ceiling = page.Locator("#regle-plafondsHT-LGC");
        await ceiling.FillAsync("1500");
        await ceiling.PressAsync("Tab");
        await Expect(page.GetByTestId("save-status")).ToContainTextAsync("Enregistré le", new() { Timeout = PortalBrowser.SlowTimeout });
        await _browser.ScreenshotAsync("analyste-2-regles");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio (parcours analyste), règles");

        // An e-mail template, previewed as it is typed.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Gabarits d'e-mail" }).ClickAsync();
        var subject = page.Locator("#gabarit-objet");
        await subject.FillAsync((await subject.InputValueAsync()) + " – nouvelle version");
        await subject.PressAsync("Tab");
        await Expect(page.GetByTestId("template-preview")).ToContainTextAsync("– nouvelle version", new() { Timeout = PortalBrowser.SlowTimeout });
        await _browser.ScreenshotAsync("analyste-3-gabarit");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio (parcours analyste), gabarit");

        // The draft simulated on a real request: its new transition is offered, validating computes the amounts; nothing changes.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Simulation et impact" }).ClickAsync();
        await page.GetByTestId("sim-dossier").FillAsync(numero);
        await page.GetByTestId("sim-dossier").PressAsync("Tab");
        await page.GetByTestId("sim-run").ClickAsync();
        await Expect(page.GetByTestId("sim-state")).ToContainTextAsync("En cours", new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(page.Locator("[data-role='Gestionnaire'] tr[data-trigger='NouvelleAction']")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Simuler « Valider la demande » en tant que Gestionnaire" }).ClickAsync();
        await Expect(page.Locator("[data-testid='sim-step'][data-trigger='Valider']")).ToContainTextAsync("ComputeAmounts", new() { Timeout = PortalBrowser.SlowTimeout });
        await _browser.ScreenshotAsync("analyste-4-simulation");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio (parcours analyste), simulation");

        // Published: the list says so.
        await page.GetByRole(AriaRole.Tab, new() { Name = "Valider et publier" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier le brouillon" }).ClickAsync();
        await page.WaitForURLAsync("**/studio?publiee=*", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await _browser.WaitForInteractivityAsync();
        await Expect(page.GetByTestId("published")).ToContainTextAsync($"financing-request-v{before + 1}");
        await _browser.ScreenshotAsync("analyste-5-publiee");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio (parcours analyste), publiée");

        // A new request starts on the new version; the existing one keeps its version and its state.
        var fresh = await FinancingRequests.CreateAsync(_app, _app.Demo.Suppliers[0], "PARCOURS-ANALYSTE-1");
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        Assert.Equal(before + 1, await db.WorkflowInstances.Where(i => i.SubjectId == fresh.ToString()).Select(i => i.DefinitionVersion).SingleAsync());
        var existing = await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == existingInstance);
        Assert.Equal((before, "EnCours"), (existing.DefinitionVersion, existing.State));
    }

    private async Task<(string Numero, Guid Instance, int Version)> ExistingRequestAsync()
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var request = await db.FinancingRequests.Where(r => r.Status == "EnCours").OrderBy(r => r.NumeroAsp).Select(r => new { r.Id, r.NumeroAsp }).FirstAsync();
        var instance = await db.WorkflowInstances.SingleAsync(i => i.DefinitionId == "financing-request" && i.SubjectId == request.Id.ToString());
        return (request.NumeroAsp, instance.Id, instance.DefinitionVersion);
    }
}

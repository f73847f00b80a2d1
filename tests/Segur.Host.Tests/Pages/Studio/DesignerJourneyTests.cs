using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Engine.Versions;
using static Microsoft.Playwright.Assertions;

namespace Segur.Host.Tests.Pages.Studio;

/// <summary>
/// An analyst in Chromium works on the designer's canvas: adds a state and a transition (from a state chosen on the canvas), types a guard with a syntax error
/// then fixes it, undoes and redoes, reloads and finds the draft (and a change kept by the browser), then publishes.
/// </summary>
public sealed class DesignerJourneyTests : IAsyncLifetime
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
    public async Task AnAnalyst_AddsAStateAndATransitionOnTheCanvas_FixesAGuard_UndoesAndRedoes_ReloadsAndPublishes()
    {
        var page = _browser.Page;
        var analyst = _app.Demo.Analysts[0];
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Identifiant (UID)").FillAsync(analyst.Uid);
        await page.GetByLabel("Mot de passe").FillAsync(analyst.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/accueil", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });

        await _browser.GotoInteractiveAsync("/studio");
        await Clicks.UntilAddressAsync(page, page.Locator("tr[data-definition='financing-request']").GetByRole(AriaRole.Button), new Regex("/studio/definitions/financing-request$"));
        await _browser.WaitForInteractivityAsync();

        var states = await OpenDesignerAsync();
        await Expect(states).ToHaveCountAsync(9);
        await Expect(page.Locator("[data-transition='Valider']")).ToContainTextAsync("Gestionnaire");
        await Expect(page.Locator("[data-transition='Supprimer']")).ToContainTextAsync("si subject.type === 'avance'");
        await _browser.ScreenshotAsync("designer-1-schema");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, schéma");

        // A state added with the toolbar, renamed in the property panel.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un état" }).ClickAsync();
        await Expect(page.Locator(".studio-state[data-state='NouvelEtat']")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("state-panel")).ToContainTextAsync("État NouvelEtat");
        await page.Locator("#etat-code").FillAsync("EnExamen");
        await page.Locator("#etat-code").PressAsync("Tab");
        var added = page.Locator(".studio-state[data-state='EnExamen']");
        await Expect(added).ToBeVisibleAsync();
        await page.Locator("#etat-libelle").FillAsync("En examen approfondi");
        await Expect(added).ToContainTextAsync("En examen approfondi");
        await page.GetByTestId("state-panel").GetByLabel("État final").CheckAsync();
        await Expect(added).ToContainTextAsync("final");

        // A transition from a state chosen on the canvas: "En cours" clicked, then linked to the new state in its panel.
        var source = page.Locator(".studio-state[data-state='EnCours']");
        await source.ClickAsync();
        await Expect(page.GetByTestId("state-panel")).ToContainTextAsync("État EnCours");
        await page.Locator("#etat-transition-vers").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "EnExamen" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Relier" }).ClickAsync();
        var panel = page.GetByTestId("transition-panel");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(page.Locator("#transition-declencheur")).ToHaveValueAsync("NouvelleAction");
        await Expect(page.Locator("#transition-vers")).ToHaveValueAsync("EnExamen");
        await Expect(page.Locator("[data-transition='NouvelleAction']")).ToContainTextAsync("Gestionnaire");

        // A guard that does not parse: the error under the field, on the link and in the problems, with its path.
        var guard = page.Locator("#transition-garde");
        await guard.FillAsync("subject.montantDecide >");
        await Expect(panel).ToContainTextAsync("Expression invalide", new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(page.Locator("[data-transition='NouvelleAction']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("problem"));
        await Expect(page.GetByTestId("problems")).ToContainTextAsync("$.transitions[15].guard");
        await _browser.ScreenshotAsync("designer-2-garde-erreur");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, schéma avec une garde en erreur");

        await guard.FillAsync("subject.montantDecide > 0");
        await Expect(panel).Not.ToContainTextAsync("Expression invalide", new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(page.Locator("[data-transition='NouvelleAction']")).ToContainTextAsync("si subject.montantDecide > 0");
        await Expect(page.GetByTestId("problems")).ToContainTextAsync("Aucun problème", new() { Timeout = PortalBrowser.SlowTimeout });

        // Undo brings the wrong guard back, redo the fixed one.
        await page.GetByRole(AriaRole.Button, new() { Name = "Annuler" }).ClickAsync();
        await Expect(guard).ToHaveValueAsync("subject.montantDecide >");
        await Expect(panel).ToContainTextAsync("Expression invalide");
        await page.GetByRole(AriaRole.Button, new() { Name = "Rétablir" }).ClickAsync();
        await Expect(guard).ToHaveValueAsync("subject.montantDecide > 0");
        await Expect(page.GetByTestId("problems")).ToContainTextAsync("Aucun problème");

        // The state is moved on the canvas: its position is kept in the draft.
        var box = (await added.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + 40, box.Y + 40);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + 40, box.Y + 160, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Expect(page.GetByTestId("save-status")).ToContainTextAsync("Enregistré le", new() { Timeout = PortalBrowser.SlowTimeout });
        await _browser.ScreenshotAsync("designer-3-transition-ajoutee");

        // Reload: the draft is there, the JSON view shows the same draft.
        await page.ReloadAsync();
        await _browser.WaitForInteractivityAsync();
        var json = JsonNode.Parse(await page.Locator("#definition-json").InputValueAsync())!;
        Assert.Contains(json["transitions"]!.AsArray(), t => (string?)t!["to"] == "EnExamen" && (string?)t["guard"] == "subject.montantDecide > 0");
        Assert.True((double)json["layout"]!["states"]!["EnExamen"]!["y"]! > 0);
        await OpenDesignerAsync();
        await Expect(page.Locator(".studio-state[data-state='EnExamen']")).ToContainTextAsync("En examen approfondi");
        await Expect(page.GetByTestId("restore")).ToHaveCountAsync(0);

        // A change the browser kept but the server never received (tab closed) is offered back after a reload.
        json["states"]!.AsArray().Single(s => (string?)s!["code"] == "EnExamen")!["label"] = "En examen (non enregistré)";
        await page.EvaluateAsync("([key, text]) => localStorage.setItem(key, JSON.stringify({ json: text, token: 0, at: new Date().toISOString() }))",
            new[] { "segur-studio-brouillon:financing-request", json.ToJsonString() });
        await page.ReloadAsync();
        await _browser.WaitForInteractivityAsync();
        await OpenDesignerAsync();
        await Expect(page.GetByTestId("restore")).ToContainTextAsync("n'a pas été enregistrée");
        await page.GetByRole(AriaRole.Button, new() { Name = "Restaurer ma modification" }).ClickAsync();
        await Expect(page.Locator(".studio-state[data-state='EnExamen']")).ToContainTextAsync("En examen (non enregistré)");
        await Expect(page.GetByTestId("restore")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Tab, new() { Name = "Valider et publier" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier le brouillon" }).ClickAsync();
        await page.WaitForURLAsync("**/studio?publiee=*", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await _browser.WaitForInteractivityAsync();
        await Expect(page.Locator("tr[data-definition='financing-request']")).ToContainTextAsync($"publiée par {analyst.Uid}");
    }

    [Fact]
    public async Task AnAnalyst_LinksTwoStates_RenamesAndDeletesTheTransition_DeletesAState_UndoesAndEveryChangeIsSaved()
    {
        var page = _browser.Page;
        var analyst = _app.Demo.Analysts[0];
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Identifiant (UID)").FillAsync(analyst.Uid);
        await page.GetByLabel("Mot de passe").FillAsync(analyst.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/accueil", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await _browser.GotoInteractiveAsync("/studio");
        await Clicks.UntilAddressAsync(page, page.Locator("tr[data-definition='financing-request']").GetByRole(AriaRole.Button), new Regex("/studio/definitions/financing-request$"));
        await _browser.WaitForInteractivityAsync();
        await OpenDesignerAsync();

        // A transition from « En cours » to « Décidée », drawn by dragging the round arrow of the selected state onto the other
        // (the canvas in view first: a release below the window's edge lands on no element of the page).
        await page.Locator(".studio-state[data-state='EnCours']").ClickAsync();
        await Expect(page.GetByTestId("state-panel")).ToContainTextAsync("État EnCours");
        var arrow = page.Locator(".diagram-control");
        await Expect(arrow).ToHaveCountAsync(1);
        await page.GetByTestId("canvas").EvaluateAsync("canvas => canvas.scrollIntoView({ block: 'center' })");

        // Released outside the canvas (over the property panel): the half-drawn link is dropped, not left following the pointer.
        var properties = (await page.GetByTestId("properties").BoundingBoxAsync())!;
        await DragAsync(arrow, properties.X + properties.Width / 2, properties.Y + 60);
        var drawing = page.Locator("[data-testid=canvas] g.diagram-link:not(.attached)");
        await Expect(drawing).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-transition='NouvelleAction']")).ToHaveCountAsync(0);

        var target = (await page.Locator(".studio-state[data-state='Decidee']").BoundingBoxAsync())!;
        await DragAsync(arrow, target.X + target.Width / 2, target.Y + target.Height / 2);
        var panel = page.GetByTestId("transition-panel");
        await Expect(panel).ToBeVisibleAsync(new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(drawing).ToHaveCountAsync(0);
        await Expect(page.Locator("#transition-de")).ToHaveValueAsync("EnCours");
        await Expect(page.Locator("#transition-vers")).ToHaveValueAsync("Decidee");
        await Expect(page.Locator("[data-transition='NouvelleAction']")).ToBeVisibleAsync();
        await DraftSavedAsync(json => JsonNode.Parse(json)!["transitions"]!.AsArray()
            .Any(t => (string?)t!["from"] == "EnCours" && (string?)t["to"] == "Decidee" && (string?)t["trigger"] == "NouvelleAction"));
        await _browser.ScreenshotAsync("designer-4-lien");

        // Renamed in its panel, then deleted; undo brings it back, redo deletes it again; each step is saved.
        await page.Locator("#transition-declencheur").FillAsync("Reexaminer");
        await page.Locator("#transition-declencheur").PressAsync("Tab");
        await Expect(page.Locator("[data-transition='Reexaminer']")).ToBeVisibleAsync(new() { Timeout = PortalBrowser.SlowTimeout });
        await Expect(page.GetByTestId("save-status")).ToContainTextAsync("Enregistré le", new() { Timeout = PortalBrowser.SlowTimeout });
        await DraftSavedAsync(json => json.Contains("\"Reexaminer\"", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer la transition" }).ClickAsync();
        await Expect(page.Locator("[data-transition='Reexaminer']")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Annuler" }).ClickAsync();
        await Expect(page.Locator("[data-transition='Reexaminer']")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Rétablir" }).ClickAsync();
        await Expect(page.Locator("[data-transition='Reexaminer']")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("save-status")).ToContainTextAsync("Enregistré le", new() { Timeout = PortalBrowser.SlowTimeout });
        await DraftSavedAsync(json => !json.Contains("\"Reexaminer\"", StringComparison.Ordinal));

        // A state added, then deleted with its panel's button; undo brings it back and the draft on the server has it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un état" }).ClickAsync();
        var added = page.Locator(".studio-state[data-state='NouvelEtat']");
        await Expect(added).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer l'état et ses transitions" }).ClickAsync();
        await Expect(added).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("save-status")).ToContainTextAsync("Enregistré le", new() { Timeout = PortalBrowser.SlowTimeout });
        await DraftSavedAsync(json => !json.Contains("\"NouvelEtat\"", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Annuler" }).ClickAsync();
        await Expect(added).ToBeVisibleAsync();
        await Expect(page.GetByTestId("save-status")).ToContainTextAsync("Enregistré le", new() { Timeout = PortalBrowser.SlowTimeout });
        await DraftSavedAsync(json => json.Contains("\"NouvelEtat\"", StringComparison.Ordinal));
        await _browser.ScreenshotAsync("designer-5-etat-restaure");
        await Accessibility.AssertNoSeriousViolationAsync(page, "Studio, schéma après suppressions et annulation");
    }

    /// <summary>Waits until the draft saved on the server satisfies <paramref name="condition"/> (autosave), or fails after the slow timeout.</summary>
    private async Task DraftSavedAsync(Func<string, bool> condition)
    {
        var drafts = _app.Services.GetRequiredService<DefinitionDrafts>();
        var deadline = DateTime.UtcNow.AddMilliseconds(PortalBrowser.SlowTimeout);
        while (!condition((await drafts.GetAsync("financing-request"))!.Json))
        {
            Assert.True(DateTime.UtcNow < deadline, "Le brouillon enregistré n'a pas suivi la modification du schéma.");
            await Task.Delay(50);
        }
    }

    /// <summary>Presses the mouse on <paramref name="handle"/>, moves in steps to (<paramref name="x"/>, <paramref name="y"/>) and releases there.</summary>
    private async Task DragAsync(ILocator handle, float x, float y)
    {
        var mouse = _browser.Page.Mouse;
        var from = (await handle.BoundingBoxAsync())!;
        await mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
        await mouse.DownAsync();
        await mouse.MoveAsync(x, y, new() { Steps = 12 });
        await mouse.UpAsync();
    }

    private async Task<ILocator> OpenDesignerAsync()
    {
        var page = _browser.Page;
        await page.GetByRole(AriaRole.Tab, new() { Name = "Schéma" }).ClickAsync();
        await Expect(page.Locator("[data-testid=designer][data-drawn=true]")).ToBeVisibleAsync();
        var states = page.Locator(".studio-state");
        await Expect(states.First).ToBeVisibleAsync(new() { Timeout = PortalBrowser.SlowTimeout });
        return states;
    }
}

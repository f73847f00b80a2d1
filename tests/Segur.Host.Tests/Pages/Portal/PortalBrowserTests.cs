using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages.Portal;

/// <summary>The shell and the forms in Chromium: the phone's burger menu, the Export drop-down, forms that tell every error at once.</summary>
public sealed class PortalBrowserTests
{
    [Fact]
    public async Task OnA390PixelPhone_TheMenuIsABurger_WhoseDrawerListsEveryItem_AndLeadsToThePage()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        await using var browser = await PortalBrowser.OpenAsync(address);
        await browser.SignInAsync(app.Demo.Suppliers[0]);
        var page = browser.Page;
        await page.SetViewportSizeAsync(390, 844);
        await browser.GotoInteractiveAsync("/demandes");

        await Assertions.Expect(page.Locator("nav.segur-menu")).ToBeHiddenAsync();
        var burger = page.GetByTestId("burger");
        await Assertions.Expect(burger).ToBeVisibleAsync();
        await Assertions.Expect(burger).ToHaveAttributeAsync("aria-expanded", "false");
        await browser.ScreenshotAsync("portail-telephone-01-demandes");

        await burger.ClickAsync();
        var drawer = page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal (mobile)" });
        await Assertions.Expect(drawer).ToBeVisibleAsync();
        await Assertions.Expect(drawer.GetByRole(AriaRole.Link)).ToContainTextAsync(
            ["Accueil", "Enrôlements", "Imports JSON", "Demandes de financement", "Export", "Demandes de financement (CSV)", "Bénéficiaires d'un couloir (CSV)", "Modèles de pièces", "Mon compte", "Aide"]);
        await browser.ScreenshotAsync("portail-telephone-02-menu-ouvert");
        await TestSupport.Accessibility.AssertNoSeriousViolationAsync(page, "menu du téléphone ouvert");

        await drawer.GetByRole(AriaRole.Link, new() { Name = "Enrôlements", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/enrolements");
        await Assertions.Expect(drawer).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Enrôlements");
        await browser.ScreenshotAsync("portail-telephone-03-enrolements");

        await page.SetViewportSizeAsync(1366, 900);
        await Assertions.Expect(page.Locator("nav.segur-menu")).ToBeVisibleAsync();
        await Assertions.Expect(burger).ToBeHiddenAsync();
    }

    [Fact]
    public async Task TheExportMenu_IsADropDown_WithTheRequestsAndTheBeneficiariesOfACouloir()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        await using var browser = await PortalBrowser.OpenAsync(address);
        await browser.SignInAsync(app.Demo.Suppliers[0]);
        var page = browser.Page;
        await browser.GotoInteractiveAsync("/demandes");

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal", Exact = true }).GetByRole(AriaRole.Button, new() { Name = "Export" }).ClickAsync();
        var requests = page.GetByRole(AriaRole.Menuitem, new() { Name = "Demandes de financement (CSV)" });
        await Assertions.Expect(requests).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Menuitem, new() { Name = "Bénéficiaires d'un couloir (CSV)" })).ToBeVisibleAsync();
        await browser.ScreenshotAsync("portail-export-menu");

        var download = await page.RunAndWaitForDownloadAsync(() => requests.ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFirstEnrolmentForm_TellsEveryErrorAtOnce_OutlinesTheFields_AndItsSummaryLinksToThem()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        await using var browser = await PortalBrowser.OpenAsync(address);
        var page = browser.Page;
        await browser.GotoInteractiveAsync("/inscription");

        await Assertions.Expect(page.GetByLabel("Le représentant légal dépose lui-même cette demande")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#deposant-email")).ToHaveCountAsync(0);
        await page.GetByLabel("SIRET").FillAsync("55210055400014");
        await page.GetByLabel("E-mail de contact de la société").FillAsync("contact@societe");
        await page.GetByLabel("IBAN").FillAsync("FR76 3000 6000 0112 3456 7890 1");
        await page.GetByLabel("BIC").FillAsync("AGR1FRPP");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande d'enrôlement" }).ClickAsync();

        var summary = page.GetByTestId("problems");
        await Assertions.Expect(summary).ToBeFocusedAsync();
        await Assertions.Expect(summary).ToContainTextAsync("SIRET : la clé de contrôle ne correspond pas");
        await Assertions.Expect(summary).ToContainTextAsync("« contact@societe » n'est pas une adresse e-mail valide");
        await Assertions.Expect(summary).ToContainTextAsync("IBAN : un IBAN FR compte 27 caractères, celui-ci en compte 25.");
        await Assertions.Expect(summary).ToContainTextAsync("BIC : 8 ou 11 caractères sont attendus");
        await Assertions.Expect(summary).ToContainTextAsync("Pièce manquante : Certificat de référencement ANS.");
        await Assertions.Expect(summary).ToContainTextAsync("Dénomination sociale : obligatoire.");
        await Assertions.Expect(summary).Not.ToContainTextAsync("Déposant");

        // Each field says what is wrong under itself and is outlined (MudBlazor's error state); each summary line leads to it.
        await Assertions.Expect(page.Locator(".mud-input-control:has(#siret)")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-input-error"));
        await Assertions.Expect(page.Locator(".mud-input-control:has(#iban)")).ToContainTextAsync("celui-ci en compte 25");
        await Assertions.Expect(page.Locator("[data-testid='document-CERTIFICAT_ANS']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("segur-field--error"));
        var ibanLink = summary.GetByRole(AriaRole.Link, new() { Name = "IBAN : un IBAN FR compte 27 caractères" });
        await Assertions.Expect(ibanLink).ToHaveAttributeAsync("href", "/inscription#iban");
        foreach (var field in await summary.Locator("a[data-field]").EvaluateAllAsync<string[]>("links => links.map(a => a.dataset.field)"))
        {
            await Assertions.Expect(page.Locator($"#{field}")).ToHaveCountAsync(1);
        }

        await browser.ScreenshotAsync("portail-inscription-erreurs");
        await TestSupport.Accessibility.AssertNoSeriousViolationAsync(page, "premier enrôlement refusé");

        // Correcting a field takes its outline off at once.
        await page.GetByLabel("IBAN").FillAsync("FR76 3000 6000 0112 3456 7890 189");
        await page.GetByLabel("IBAN").BlurAsync();
        await Assertions.Expect(page.Locator(".mud-input-control:has(#iban)")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-input-error"));
    }

    [Fact]
    public async Task ThePasswordForm_ShowsItsOwnErrorsAllAtOnce_WithoutTheBrowsersBubble()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        await using var browser = await PortalBrowser.OpenAsync(address);
        await browser.SignInAsync(app.Demo.Suppliers[0]);
        var page = browser.Page;
        await page.GotoAsync("/compte");
        await Assertions.Expect(page.GetByTestId("password-form")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=password-form] [required]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("password-form")).ToHaveAttributeAsync("novalidate", "");

        // A static form that the page's script may still patch while it loads: filled again until both values hold.
        var current = page.GetByLabel("Mot de passe actuel");
        var next = page.GetByLabel("Nouveau mot de passe", new() { Exact = true });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        for (var attempt = 1; await current.InputValueAsync() != "pas le bon" || await next.InputValueAsync() != "court"; attempt++)
        {
            Assert.True(attempt <= 5, "Le formulaire du mot de passe perd ce qui y est saisi.");
            await current.FillAsync("pas le bon");
            await next.FillAsync("court");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Changer le mot de passe" }).ClickAsync();

        var summary = page.GetByTestId("problems");
        await Assertions.Expect(summary).ToContainTextAsync("Mot de passe actuel : il ne correspond pas à celui de votre compte.");
        await Assertions.Expect(summary).ToContainTextAsync("Nouveau mot de passe :");
        await Assertions.Expect(summary).ToContainTextAsync("Confirmation : saisissez de nouveau le nouveau mot de passe.");
        Assert.True(await summary.Locator("li").CountAsync() >= 3);
        await Assertions.Expect(page.Locator(".mud-input-control:has(#mot-de-passe-actuel)")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-input-error"));
        await browser.ScreenshotAsync("portail-mot-de-passe-erreurs");
    }
}

using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages;

/// <summary>A supplier in a real browser: public page, sign-in through the form, home page; each page checked with axe.</summary>
public sealed class BrowserJourneyTests
{
    [Fact]
    public async Task ASupplier_SignsInThroughTheForm_LandsOnItsHome_AndNoPageHasASeriousAccessibilityViolation()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        await FinancingRequests.CreateAsync(app, supplier, "NAV-001");
        await FinancingRequests.CompleteAsync(app, supplier, await FinancingRequests.CreateAsync(app, supplier, "NAV-002"));
        await FinancingRequests.CompleteAsync(app, supplier, await FinancingRequests.CreateAsync(app, supplier, "NAV-003"));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            BaseURL = address.ToString(),
            Locale = "fr-FR",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });

        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Le financement de vos prestations Ségur");
        await Chromium.ScreenshotAsync(page, "01-page-publique");
        await AssertAccessibleAsync(page, "page publique");

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Se connecter", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/connexion");
        await Chromium.ScreenshotAsync(page, "02-connexion");
        await AssertAccessibleAsync(page, "connexion");

        await page.GetByLabel("Identifiant (UID)").FillAsync(supplier.Uid);
        await page.GetByLabel("Mot de passe").FillAsync(supplier.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await page.WaitForURLAsync("**/accueil", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(page.GetByTestId("uid")).ToHaveTextAsync(supplier.Uid);
        await Assertions.Expect(page.GetByTestId("incomplete-banner")).ToContainTextAsync("Vous avez 1 demande non complétée");
        await Assertions.Expect(page.Locator(".segur-chart svg").First).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "03-accueil");
        await AssertAccessibleAsync(page, "accueil");

        // The menus work in the interactive page, and "Se déconnecter" ends the session.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Menu principal" }).GetByRole(AriaRole.Link, new() { Name = "Aide" }).ClickAsync();
        await page.WaitForURLAsync("**/aide");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Aide");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.WaitForURLAsync("**/?deconnexion=1");
        await Assertions.Expect(page.GetByTestId("signed-out")).ToBeVisibleAsync();
    }

    private static Task AssertAccessibleAsync(IPage page, string name) => Accessibility.AssertNoSeriousViolationAsync(page, name);
}

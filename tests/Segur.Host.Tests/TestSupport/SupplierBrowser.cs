using Microsoft.Playwright;

namespace Segur.Host.Tests.TestSupport;

/// <summary>
/// A signed-in supplier in headless Chromium against a Host on a real port: pages are checked with axe (no serious or
/// critical violation) and photographed into artifacts/ as the journey goes.
/// </summary>
public sealed class SupplierBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private SupplierBrowser(IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page)
    {
        (_playwright, _browser, Context, Page) = (playwright, browser, context, page);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Opens the browser and signs <paramref name="supplier"/> in through the sign-in form.</summary>
    public static async Task<SupplierBrowser> SignInAsync(Uri address, DemoSupplier supplier)
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await Chromium.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString(),
            Locale = "fr-FR",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(PortalBrowser.SlowTimeout);
        var page = Chromium.Watch(await context.NewPageAsync());
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Identifiant (UID)").FillAsync(supplier.Uid);
        await page.GetByLabel("Mot de passe").FillAsync(supplier.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/accueil", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        return new SupplierBrowser(playwright, browser, context, page);
    }

    /// <summary>
    /// Goes to <paramref name="path"/> and waits until the page is interactive: pages that read files or reload a table mark
    /// their container <c>data-ready="true"</c> once the circuit is up (before, a chosen file would be lost).
    /// </summary>
    public async Task GoToInteractiveAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitUntilInteractiveAsync();
    }

    public async Task WaitUntilInteractiveAsync() =>
        await Assertions.Expect(Page.Locator("[data-ready]").First).ToHaveAttributeAsync("data-ready", "true");

    /// <summary>Photographs the page into artifacts/ and checks it with axe.</summary>
    public async Task CheckAsync(string screenshot, string pageName)
    {
        // Transitions finished first (a chip changing colour would otherwise be caught half-way).
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Chromium.ArtifactsFolder, screenshot + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled,
        });
        await Accessibility.AssertNoSeriousViolationAsync(Page, pageName);
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium.KeepJournalAsync(Page);
        await Context.DisposeAsync();
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

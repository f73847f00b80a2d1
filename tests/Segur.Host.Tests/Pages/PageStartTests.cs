using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages;

/// <summary>
/// A page is painted before Blazor's and MudBlazor's scripts run (decision 0242): segur-start.js loads them once the first
/// contentful paint has been reported, then starts Blazor; the page still becomes interactive.
/// </summary>
public sealed class PageStartTests
{
    // Registered before the document's own scripts: notes which of Blazor's and MudBlazor's globals exist when Chromium reports
    // the first contentful paint (reported once presented).
    private const string AtFirstPaint = """
        new PerformanceObserver((list, observer) => {
          if (list.getEntriesByName('first-contentful-paint').length > 0) {
            observer.disconnect();
            window.__segurAtFirstPaint = { blazor: typeof window.Blazor, mudBlazor: typeof window.mudElementRef };
          }
        }).observe({ type: 'paint', buffered: true });
        """;

    [Fact]
    public async Task TheRequestsPage_IsPaintedBeforeTheScriptsRun_ThenBecomesInteractive()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        await SupplierImports.DepositAvancesAsync(app, supplier, "START-A");
        await using var browser = await PortalBrowser.OpenAsync(address);
        var page = browser.Page;
        await browser.SignInAsync(supplier);
        await page.AddInitScriptAsync(AtFirstPaint);

        await browser.GotoInteractiveAsync("/demandes?numero=START-");

        await page.WaitForFunctionAsync("() => window.__segurAtFirstPaint !== undefined");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => window.__segurAtFirstPaint.blazor"));
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => window.__segurAtFirstPaint.mudBlazor"));
        // Loaded afterwards, in order, and the circuit works: a sort by a header reaches the server and changes the address.
        Assert.Equal("object", await page.EvaluateAsync<string>("() => typeof window.Blazor"));
        Assert.NotEqual("undefined", await page.EvaluateAsync<string>("() => typeof window.mudElementRef"));
        await Assertions.Expect(page.GetByTestId("numero-editeur")).ToHaveTextAsync(["START-A"]);
        await Clicks.UntilAddressAsync(page, page.GetByTestId("sort-numeroEditeur"), new System.Text.RegularExpressions.Regex("tri=numeroEditeur"));
        await Assertions.Expect(page.GetByTestId("numero-editeur")).ToHaveTextAsync(["START-A"]);
    }

    [Fact]
    public async Task ThePublicSignInPage_IsPaintedBeforeTheScriptsRun_ThenLoadsThem()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        await using var browser = await PortalBrowser.OpenAsync(address);
        var page = browser.Page;
        await page.AddInitScriptAsync(AtFirstPaint);

        await page.GotoAsync("/connexion");

        await page.WaitForFunctionAsync("() => window.__segurAtFirstPaint !== undefined && typeof window.Blazor === 'object'");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => window.__segurAtFirstPaint.blazor"));
    }
}

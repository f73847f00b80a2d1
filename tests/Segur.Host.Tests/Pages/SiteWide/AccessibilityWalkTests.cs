using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Pages.SiteWide;

/// <summary>
/// axe on every page of the site, for each role (anonymous, supplier, staff, analyst), with the browser tests' one rule set
/// (<see cref="TestSupport.Accessibility.Options"/>): the walk fails on any serious or critical violation and lists them
/// all, page by page. Each page is photographed into artifacts/ (accessibilite-...).
/// </summary>
public sealed class AccessibilityWalkTests
{
    [Fact]
    public async Task EveryPageOfTheSite_ForEveryRole_HasNoSeriousAccessibilityViolation()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        var avance = (await SupplierImports.DepositAvancesAsync(app, supplier, "AXE-0001"))[0];
        var incomplete = (await SupplierImports.ImportAvancesAsync(app, supplier, "AXE-0002"))[0];
        string instanceId;
        await using (var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            instanceId = (await db.WorkflowInstances.OrderBy(i => i.CreatedAt).Select(i => i.Id).FirstAsync()).ToString();
        }

        var violations = new List<string>();

        await using (var visitor = await PortalBrowser.OpenAsync(address))
        {
            await WalkAsync(visitor, "anonyme", violations,
                "/", "/connexion", "/inscription", "/identifiant-oublie", "/mot-de-passe-oublie", "/mot-de-passe/reinitialiser",
                "/aide", "/accessibilite", "/mentions-legales", "/introuvable", "/page-qui-n-existe-pas");
        }

        await using (var browser = await PortalBrowser.OpenAsync(address))
        {
            await browser.SignInAsync(supplier);
            await WalkAsync(browser, "fournisseur", violations,
                "/accueil", "/enrolements", $"/enrolements/{supplier.NumeroAns}", "/enrolements/complementaire", "/imports", "/imports/nouveau",
                "/imports/documentation", "/demandes", "/demandes/incompletes", $"/demandes/{avance}", $"/demandes/{incomplete}", "/export", "/modeles",
                "/compte", "/compte/coordonnees-bancaires", "/compte/personnes", "/aide", "/accessibilite", "/instruction");
        }

        await using (var browser = await PortalBrowser.OpenAsync(address))
        {
            await browser.SignInAsync(app.Demo.Staff[0].Uid, app.Demo.Staff[0].Password);
            await WalkAsync(browser, "gestionnaire", violations,
                "/accueil", "/taches", "/instruction", $"/instruction/{avance}", "/instruction/enrolements", $"/instruction/enrolements/{supplier.NumeroAns}",
                "/decisions", "/paiements", "/actualites", "/incidents", "/export", "/compte", "/aide");
        }

        await using (var browser = await PortalBrowser.OpenAsync(address))
        {
            await browser.SignInAsync(app.Demo.Analysts[0].Uid, app.Demo.Analysts[0].Password);
            await WalkAsync(browser, "analyste", violations,
                "/accueil", "/studio", "/studio/definitions/financing-request", "/studio/definitions/financing-request/dossiers",
                "/studio/definitions/financing-request/migration", "/studio/definitions/financing-request/simulation", $"/studio/dossiers/{instanceId}",
                "/incidents", "/compte", "/aide");
        }

        // The rule set is the one asked for: WCAG 2.1 AA, best practices and the (experimental) label-content-name-mismatch.
        await using (var check = await PortalBrowser.OpenAsync(address))
        {
            await check.SignInAsync(supplier);
            await check.Page.GotoAsync("/demandes");
            await SettleAsync(check.Page);
            var rules = await TestSupport.Accessibility.RulesRunAsync(check.Page);
            Assert.Contains("label-content-name-mismatch", rules);
            Assert.Contains("link-in-text-block", rules);
            Assert.Contains("color-contrast", rules);
            Assert.Contains("region", rules); // a best practice
        }

        Assert.True(violations.Count == 0, $"{violations.Count} page(s) avec des violations graves :\n\n" + string.Join("\n\n", violations));
    }

    private static async Task WalkAsync(PortalBrowser browser, string role, List<string> violations, params string[] paths)
    {
        var page = browser.Page;
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            await SettleAsync(page);
            await browser.ScreenshotAsync($"accessibilite-{role}-{Slug(path)}");
            foreach (var violation in await TestSupport.Accessibility.SeriousViolationsAsync(page))
            {
                violations.Add($"[{role}] {path} : {violation}");
            }
        }
    }

    /// <summary>The page is drawn: its title is there, its interactive render (when it marks one) is up, nothing is loading.</summary>
    private static async Task SettleAsync(IPage page)
    {
        await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync(new() { Timeout = PortalBrowser.SlowTimeout });
        if (await page.Locator("[data-ready]").CountAsync() > 0)
        {
            await Assertions.Expect(page.Locator("[data-ready]").First).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = PortalBrowser.SlowTimeout });
        }

        await Assertions.Expect(page.Locator("main .mud-progress-linear")).ToHaveCountAsync(0, new() { Timeout = PortalBrowser.SlowTimeout });
    }

    private static string Slug(string path)
    {
        var slug = new string([.. path.Trim('/').Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);
        return slug.Length == 0 ? "racine" : slug.Length > 60 ? slug[..60] : slug;
    }
}

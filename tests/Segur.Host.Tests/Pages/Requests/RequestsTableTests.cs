using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Pages.Requests;

/// <summary>
/// The requests tables of issue 10 (items 6 and 7): the API's one-bound refusal, the table on a 1366 × 768 screen with its
/// server-side sort and new columns, and the incomplete table's search, sort and deletion of several avances at once.
/// </summary>
public sealed class RequestsTableTests
{
    [Fact]
    public async Task TheApi_RefusesOneDateBoundAlone_WithAFrenchProblem_AndSortsWhenAsked()
    {
        var app = SegurApp.Start();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        await SupplierImports.DepositAvancesAsync(app, supplier, "API-TRI-1", "API-TRI-2");
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", supplier.ApiToken);

        using var refused = await client.GetAsync("/api/v1/requests?du=2026-11-01");
        using var sorted = await client.GetAsync("/api/v1/requests?tri=numeroEditeur&ordre=asc&numero=API-TRI");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("Filtre invalide", (string?)problem["title"]);
        Assert.Contains("indiquez aussi la date de fin", (string?)problem["detail"]);
        Assert.Equal(HttpStatusCode.OK, sorted.StatusCode);
        var items = JsonNode.Parse(await sorted.Content.ReadAsStringAsync())!["items"]!.AsArray();
        Assert.Equal(["API-TRI-1", "API-TRI-2"], items.Select(i => (string?)i!["numeroEditeur"]));
        Assert.All(items, i => Assert.False(string.IsNullOrEmpty((string?)i!["denomination"])));
    }

    [Fact]
    public async Task OnA1366Screen_TheRequestsTableShowsItsActions_AndSortsByAColumn()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        await SupplierImports.DepositAvancesAsync(app, supplier, "TRI-B", "TRI-A", "TRI-C");

        await using var browser = await PortalBrowser.OpenAsync(address);
        var page = browser.Page;
        await page.SetViewportSizeAsync(1366, 768);
        await browser.SignInAsync(supplier);
        await browser.GotoInteractiveAsync("/demandes?numero=TRI-");
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(3);
        await browser.ScreenshotAsync("demandes-1366-tableau");

        // The action column is inside the window, without scrolling the table; an ANS number stays on one line.
        var action = page.GetByTestId("actions").First;
        // (The window is 768 px high: the rows may be below the fold; what matters is the width.)
        await Assertions.Expect(action).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "La page défile horizontalement à 1366 px.");
        var box = await action.BoundingBoxAsync();
        Assert.True(box!.X + box.Width <= 1366, $"La colonne Actions dépasse l'écran ({box.X + box.Width} px).");
        var scroll = await page.EvaluateAsync<bool>("() => { const c = document.querySelector('[data-testid=requests-table] .mud-table-container'); return c.scrollWidth > c.clientWidth + 1; }");
        Assert.False(scroll, "Le tableau défile horizontalement à 1366 px.");
        var ans = page.GetByTestId("logiciel").First.Locator(".segur-nowrap");
        Assert.True((await ans.BoundingBoxAsync())!.Height < 24, "Le numéro ANS passe à la ligne.");
        await Assertions.Expect(page.GetByTestId("denomination").First).Not.ToBeEmptyAsync();
        await Accessibility.AssertNoSeriousViolationAsync(page, "demandes de financement à 1366 px");

        await Clicks.UntilAddressAsync(page, page.GetByTestId("sort-numeroEditeur"), new Regex("tri=numeroEditeur&ordre=asc"));
        await Assertions.Expect(page.GetByTestId("numero-editeur")).ToHaveTextAsync(["TRI-A", "TRI-B", "TRI-C"]);
        await page.GetByTestId("sort-numeroEditeur").ClickAsync();
        await Assertions.Expect(page.GetByTestId("numero-editeur")).ToHaveTextAsync(["TRI-C", "TRI-B", "TRI-A"]);
        await Assertions.Expect(page.Locator("th[aria-sort=descending]")).ToContainTextAsync("Numéro éditeur");
        await browser.ScreenshotAsync("demandes-1366-tri");

        // One date bound alone: said in French, nothing filtered.
        await page.Locator("#filtre-du").FillAsync("01/11/2026");
        await page.Locator("#filtre-du").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("filter-problem")).ToContainTextAsync("indiquez aussi la date de fin");
        await browser.ScreenshotAsync("demandes-1366-une-seule-date");
        await Accessibility.AssertNoSeriousViolationAsync(page, "demandes : une seule date");
    }

    [Fact]
    public async Task ASupplier_DeletesSeveralAvancesWithOneConfirmation_AndSortsItsIncompleteRequests()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        var numeros = await SupplierImports.ImportAvancesAsync(app, supplier, "MUL-10", "MUL-9", "MUL-100", "MUL-2");

        await using var browser = await PortalBrowser.OpenAsync(address);
        var page = browser.Page;
        await page.SetViewportSizeAsync(1366, 768);
        await browser.SignInAsync(supplier);
        await browser.GotoInteractiveAsync("/demandes/incompletes?numero=MUL-");
        await Assertions.Expect(page.GetByTestId("incomplete-count")).ToHaveTextAsync("4 demandes non complétées.");

        // Numbers sort as numbers.
        await page.GetByTestId("sort-numeroEditeur").ClickAsync();
        await page.WaitForURLAsync(new Regex("tri=numeroEditeur"), new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(page.GetByTestId("numero-editeur")).ToHaveTextAsync(["MUL-2", "MUL-9", "MUL-10", "MUL-100"]);
        await browser.ScreenshotAsync("incompletes-1366-tri");
        await Accessibility.AssertNoSeriousViolationAsync(page, "demandes incomplètes triées");

        // Two avances ticked, one confirmation, both gone in one write.
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Cocher la demande MUL-9 pour la supprimer" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Cocher la demande MUL-100 pour la supprimer" }).CheckAsync();
        await page.GetByTestId("delete-selected").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("MUL-9, MUL-100");
        await browser.ScreenshotAsync("incompletes-1366-confirmation-multiple");
        await Accessibility.AssertNoSeriousViolationAsync(page, "confirmation de suppression multiple");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Supprimer les 2 demandes" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("incomplete-message")).ToContainTextAsync("2 demandes ont été supprimées", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(page.GetByTestId("numero-editeur")).ToHaveTextAsync(["MUL-2", "MUL-10"]);
        Assert.Equal(["Supprimee", "Supprimee"], await StatusesAsync(app, numeros[1], numeros[2]));
        Assert.Equal(["NonCompletee", "NonCompletee"], await StatusesAsync(app, numeros[0], numeros[3]));
    }

    [Fact]
    public async Task AnAvanceOfAnotherSupplier_CannotBeDeleted_AndNothingOfTheListIs()
    {
        var app = SegurApp.Start();
        await using var _ = app;
        var mine = await SupplierImports.ImportAvancesAsync(app, app.Demo.Suppliers[0], "MIEN-1");
        var theirs = await SupplierImports.ImportAvancesAsync(app, app.Demo.Suppliers[1], "AUTRE-1");
        var actor = await SupplierImports.SupplierAsync(app, app.Demo.Suppliers[0]);
        var deletion = app.Services.GetRequiredService<IncompleteDeletion>();

        var refused = await Assert.ThrowsAsync<IncompleteDeletionRefusedException>(
            () => deletion.DeleteAsync(actor, Guid.Parse(actor.SupplierId!), [mine[0], theirs[0]]));

        Assert.Contains(theirs[0], refused.Message);
        Assert.Equal(["NonCompletee", "NonCompletee"], await StatusesAsync(app, mine[0], theirs[0]));
    }

    private static ILocator Rows(IPage page) => page.Locator("[data-testid=requests-table] tbody tr");

    private static async Task<List<string>> StatusesAsync(SegurApp app, params string[] numerosAsp)
    {
        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var statuses = await db.FinancingRequests.Where(r => numerosAsp.Contains(r.NumeroAsp)).ToDictionaryAsync(r => r.NumeroAsp, r => r.Status);
        return [.. numerosAsp.Select(n => statuses[n])];
    }
}

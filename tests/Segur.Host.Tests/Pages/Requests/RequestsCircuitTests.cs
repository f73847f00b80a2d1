using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages.Requests;

/// <summary>
/// The requests table once its circuit starts (docs/decisions/0233): the interactive render shows the rows the prerendering
/// read and handed over, without reading them again, and the rows are plain markup with MudBlazor's classes.
/// </summary>
public sealed class RequestsCircuitTests
{
    [Fact]
    public async Task TheRowsOfThePrerendering_StayWhenTheCircuitStarts_WithoutASecondRead()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        await SupplierImports.DepositAvancesAsync(app, supplier, "CIRCUIT-A", "CIRCUIT-B");

        await using var browser = await PortalBrowser.OpenAsync(address);
        var page = browser.Page;
        await browser.SignInAsync(supplier);

        // Blazor's script is held back: until it is released the page is the prerendered document alone (routing in Playwright
        // also turns the browser's cache off, so the script cannot come from it).
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/_framework/blazor.web*.js", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        await page.GotoAsync("/demandes?numero=CIRCUIT-&tri=numeroEditeur&ordre=asc", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByTestId("numero-editeur")).ToHaveTextAsync(["CIRCUIT-A", "CIRCUIT-B"]);
        await Assertions.Expect(page.Locator("[data-ready]").First).ToHaveAttributeAsync("data-ready", "false");

        // Deposited after the prerendering: a page that read its rows again when its circuit starts would list it.
        await SupplierImports.DepositAvancesAsync(app, supplier, "CIRCUIT-C");
        release.SetResult();
        await browser.WaitForInteractivityAsync();

        await Assertions.Expect(page.GetByTestId("numero-editeur")).ToHaveTextAsync(["CIRCUIT-A", "CIRCUIT-B"]);
        await Assertions.Expect(page.GetByTestId("statut").First.Locator(".mud-chip.mud-chip-color-info")).ToHaveTextAsync("En cours");
        await Assertions.Expect(page.GetByTestId("actions").First.GetByRole(AriaRole.Link, new() { Name = "Consulter la demande" }))
            .ToHaveAttributeAsync("href", new Regex("^/demandes/ASP"));

        // A new address is read: the sort by the header lists the request deposited meanwhile.
        await Clicks.UntilAddressAsync(page, page.GetByTestId("sort-numeroEditeur"), new Regex("tri=numeroEditeur&ordre=desc"));
        await Assertions.Expect(page.GetByTestId("numero-editeur")).ToHaveTextAsync(["CIRCUIT-C", "CIRCUIT-B", "CIRCUIT-A"]);
    }
}

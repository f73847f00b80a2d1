using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.Journeys;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Imports;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Pages.Imports;

/// <summary>The imports table in a real browser: paged on the server, filtered, and a period needs both its dates.</summary>
public sealed class ImportsTableTests
{
    [Fact]
    public async Task TheTable_PagesOnTheServer_FiltersByTypeAndPeriod_AndExplainsAPeriodWithOneDate()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var (supplier, other) = (app.Demo.Suppliers[0], app.Demo.Suppliers[1]);
        for (var i = 1; i <= 11; i++)
        {
            await ImportAsync(app, supplier, $"T{i:00}");
        }

        await ImportAsync(app, other, "AUTRE");
        var today = ParisDays.DayOf(DateTime.UtcNow).ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);

        await using var browser = await SupplierBrowser.SignInAsync(address, supplier);
        var page = browser.Page;
        await browser.GoToInteractiveAsync("/imports");
        var rows = page.Locator("[data-testid=imports-table] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        await Assertions.Expect(page.GetByTestId("pager-info")).ToHaveTextAsync("1–10 sur 11");
        await Assertions.Expect(rows.First.GetByTestId("identifiant")).ToHaveTextAsync(await LastImportNumberAsync(app, supplier));
        await page.GetByRole(AriaRole.Button, new() { Name = "Suivante" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("pager-info")).ToHaveTextAsync("11–11 sur 11");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Suivante" })).ToBeDisabledAsync();

        // The software filter offers the supplier's own ANS numbers only.
        await page.Locator("#filtre-ans").ClickAsync();
        var options = page.GetByRole(AriaRole.Listbox).GetByRole(AriaRole.Option);
        await Assertions.Expect(options).ToHaveCountAsync(1);
        await Assertions.Expect(options.First).ToContainTextAsync(supplier.NumeroAns);
        await page.Keyboard.PressAsync("Escape");

        // A period needs both its dates: the table says so instead of listing.
        await page.Locator("#filtre-du").FillAsync(today);
        await page.Locator("#filtre-du").PressAsync("Tab");
        await FilterUntilAsync(page, page.GetByTestId("period-error"));
        await Assertions.Expect(page.GetByTestId("period-error")).ToHaveTextAsync("La période doit avoir une date de début et une date de fin.");
        await Assertions.Expect(page.Locator("#filtre-au")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.GetByTestId("no-imports")).ToContainTextAsync("Complétez la période");
        await browser.CheckAsync("30-imports-periode-incomplete", "tableau des imports, période incomplète");

        await page.Locator("#filtre-au").FillAsync(today);
        await page.Locator("#filtre-au").PressAsync("Tab");
        await FilterUntilAsync(page, page.GetByTestId("pager-info").GetByText("1–10 sur 11"));
        await Assertions.Expect(page.GetByTestId("period-error")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("pager-info")).ToHaveTextAsync("1–10 sur 11");

        await page.Locator("#filtre-type").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Solde" }).ClickAsync();
        // The chosen type reaches the server with the list's closing; a click on Filtrer can overtake it under load, as the dates' commit above.
        await FilterUntilAsync(page, page.GetByTestId("no-imports").GetByText("Aucun import ne correspond à ces filtres."));
        await Assertions.Expect(page.GetByTestId("no-imports")).ToHaveTextAsync("Aucun import ne correspond à ces filtres.");
        await browser.CheckAsync("31-imports-aucun-resultat", "tableau des imports, aucun résultat");

        await page.GetByRole(AriaRole.Button, new() { Name = "Réinitialiser" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("#filtre-du")).ToHaveValueAsync("");
        await Assertions.Expect(page.Locator("[data-testid=imports-table] tbody")).Not.ToContainTextAsync("AUTRE");
    }

    /// <summary>
    /// Clicks Filtrer until <paramref name="expected"/> shows. A date field commits its text on the server when it loses focus;
    /// on a loaded machine the click can overtake that commit and filter on the previous dates: then filter again, as a user would.
    /// </summary>
    private static async Task FilterUntilAsync(IPage page, ILocator expected)
    {
        for (var attempt = 1; ; attempt++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
            try
            {
                // Short windows first (a click that filtered the date's old value is clicked again soon), then the bound of
                // every slow server round trip: four 3 s windows ran out under load in a full run.
                await Assertions.Expect(expected).ToBeVisibleAsync(new() { Timeout = attempt < 4 ? 3000 : PortalBrowser.SlowTimeout });
                return;
            }
            catch (PlaywrightException) when (attempt < 4)
            {
                // Filtered before the date arrived: again.
            }
        }
    }

    /// <summary>The sample file with its numéros éditeur prefixed and its professionals changed: each import is a different file.</summary>
    private static async Task ImportAsync(SegurApp app, DemoSupplier supplier, string prefix)
    {
        var content = Encoding.UTF8.GetString(SampleImport.For(supplier)).Replace("BDC-2026-", prefix + "-", StringComparison.Ordinal);
        foreach (var (rpps, i) in SampleImport.Rpps.Select((r, i) => (r, i)))
        {
            content = content.Replace(rpps, SupplierImports.RppsFor(supplier, $"{prefix}-{i}"), StringComparison.Ordinal);
        }

        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var supplierId = await db.Suppliers.Where(s => s.Siret == supplier.Siret).Select(s => s.Id).SingleAsync();
        await app.Services.GetRequiredService<ImportService>().ImportAsync(
            new ImportSubmission(supplierId, supplier.Uid, prefix + ".json", Encoding.UTF8.GetBytes(content), Simulation: false));
    }

    private static async Task<string> LastImportNumberAsync(SegurApp app, DemoSupplier supplier)
    {
        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var supplierId = await db.Suppliers.Where(s => s.Siret == supplier.Siret).Select(s => s.Id).SingleAsync();
        return (await db.Imports.Where(i => i.SupplierId == supplierId).MaxAsync(i => i.Number)).ToString();
    }
}

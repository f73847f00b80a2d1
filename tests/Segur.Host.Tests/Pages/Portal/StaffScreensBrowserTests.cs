using System.Globalization;
using System.Text.RegularExpressions;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.AccountChanges;
using Segur.Workflows.Documents;

namespace Segur.Host.Tests.Pages.Portal;

/// <summary>
/// The screens issue 10's last items changed, in Chromium, photographed and checked by axe: the instruction search and its
/// export, the inbox naming an account change's company, the MS1 request detail, the incomplete requests' page.
/// </summary>
public sealed class StaffScreensBrowserTests
{
    [Fact]
    public async Task StaffFilterAndSortTheInstructionSearch_TheExportLinkFollows_AndTheFileHoldsTheShownRows()
    {
        var (app, address) = SegurApp.StartOnRealPort(new Dictionary<string, string?> { ["Segur:Demo:DepositedRequests"] = "true" });
        await using var _ = app;
        var cabinet = app.Demo.Suppliers[0];
        await SupplierImports.DepositAvancesAsync(app, cabinet, "NAV-001", "NAV-002");
        await SupplierImports.DepositAvancesAsync(app, app.Demo.Suppliers[1], "NAV-003");
        var supplier = await SupplierImports.SupplierAsync(app, cabinet);
        await app.Services.GetRequiredService<BankDetailsChanges>().SubmitAsync(
            supplier, new BankDetailsForm(cabinet.Denomination, "FR76 1010 7001 0112 3456 7890 129", "BREDFRPP"),
            new IncomingFile("rib.pdf", new MemoryStream(TestFiles.Pdf())));

        await using var browser = await PortalBrowser.OpenAsync(address);
        await browser.SignInAsync(app.Demo.Staff[0].Uid, app.Demo.Staff[0].Password);
        var page = browser.Page;

        // The inbox names the company of the bank-details change, not « — ».
        await browser.GotoInteractiveAsync("/taches");
        var bankTask = page.GetByTestId("task-subject").Filter(new() { HasText = cabinet.Siret });
        await Assertions.Expect(bankTask).ToHaveCountAsync(1);
        await browser.ScreenshotAsync("staff-01-corbeille-changement-de-rib");
        await Accessibility.AssertNoSeriousViolationAsync(page, "corbeille de tâches");

        await browser.GotoInteractiveAsync("/instruction");
        await page.Locator("#filtre-fournisseur").FillAsync("Cabinet");
        await Clicks.UntilAddressAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Rechercher", Exact = true }), new Regex(@"/instruction\?fournisseur=Cabinet$"));
        await browser.WaitForInteractivityAsync();
        await Assertions.Expect(page.GetByTestId("result-count")).ToHaveTextAsync("4 demandes.", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(page.GetByTestId("fournisseur")).ToHaveCountAsync(4);
        await page.GetByTestId("sort-montantDeclare").ClickAsync();
        await page.WaitForURLAsync("**/instruction?fournisseur=Cabinet&tri=montantDeclare&ordre=asc", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        // The export link changes in the render that starts reading the sorted page (the table gives way to a progress bar):
        // the count and the table are then those of the sorted page once the table is back.
        await Assertions.Expect(page.GetByTestId("export-csv")).ToHaveAttributeAsync("href", "/exports/instruction.csv?fournisseur=Cabinet&tri=montantDeclare&ordre=asc");
        await Assertions.Expect(page.GetByTestId("requests-table")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("result-count")).ToHaveTextAsync("4 demandes.");
        var scroll = await page.Locator("[data-testid=requests-table] .mud-table-container").EvaluateAsync<bool>("c => c.scrollWidth > c.clientWidth + 1");
        Assert.False(scroll, "Le tableau de l'instruction défile horizontalement à 1366 px.");
        await browser.ScreenshotAsync("staff-02-instruction-filtree-triee");
        await Accessibility.AssertNoSeriousViolationAsync(page, "instruction filtrée et triée");

        var shown = await page.GetByTestId("numero-asp").AllInnerTextsAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export-csv").ClickAsync());
        using var reader = CsvReader.Create(await File.ReadAllBytesAsync(await download.PathAsync()), CsvReaderOptions.Default with { Separator = ';' });
        var exported = new List<string>();
        var denominations = new HashSet<string>();
        while (reader.Read())
        {
            var headers = reader.Headers.ToList();
            exported.Add(reader.GetString(headers.IndexOf("Numéro ASP"))!);
            denominations.Add(reader.GetString(headers.IndexOf("Dénomination sociale"))!);
        }

        Assert.Equal(shown.Select(s => s.Trim()), exported);
        Assert.Equal([cabinet.Denomination], denominations);

        // The MS1 demo request, as staff read it.
        var ms1 = app.Demo.Suppliers.Single(s => s.NumeroAns == "ANS-2026-DUI-0001");
        await browser.GotoInteractiveAsync($"/instruction?fournisseur={Uri.EscapeDataString(ms1.Denomination)}");
        await page.GetByTestId("numero-asp").First.GetByRole(AriaRole.Link).ClickAsync();
        await page.WaitForURLAsync("**/instruction/*M0", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await browser.WaitForInteractivityAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Scénarios d'installation" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("scenario-ms1").Locator("strong[data-referenced=true]")).ToHaveCountAsync(3);
        await browser.ScreenshotAsync("staff-03-demande-ms1-scenarios");
        await Accessibility.AssertNoSeriousViolationAsync(page, "demande MS1, scénarios");
    }

    [Fact]
    public async Task TheIncompleteRequestsPage_SaysNonCompletees_WithItsBreadcrumb()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        await SupplierImports.ImportAvancesAsync(app, supplier, "NC-001", "NC-002");

        await using var browser = await PortalBrowser.OpenAsync(address);
        await browser.SignInAsync(supplier);
        var page = browser.Page;
        await browser.GotoInteractiveAsync("/demandes/incompletes");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Suivi des demandes non complétées");
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Fil d'Ariane" })).ToContainTextAsync("Demandes de financement");
        await Assertions.Expect(page).ToHaveTitleAsync("Suivi des demandes non complétées – Portail Ségur");
        await browser.ScreenshotAsync("fournisseur-demandes-non-completees");
        await Accessibility.AssertNoSeriousViolationAsync(page, "demandes non complétées");
    }
}

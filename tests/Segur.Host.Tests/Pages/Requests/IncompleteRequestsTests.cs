using System.Globalization;
using System.Net;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages.Requests;

/// <summary>"Suivi des demandes non complétées" as the server renders it: the supplier's Non complétée requests, their missing files, expiry, delete.</summary>
public sealed class IncompleteRequestsTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheTable_ListsTheIncompleteRequestsWithTheirMissingFileAndExpiry_AndOffersDeleteForAnAvanceOnly()
    {
        var supplier = _app.Demo.Suppliers[0];
        var avance = (await SupplierImports.DepositAvancesAsync(_app, supplier, "DOS-001")).Single();
        await SupplierImports.ValidateAndDecideAsync(_app, avance);
        await SupplierImports.PayAsync(_app, avance, new DateOnly(2026, 11, 20));
        var solde = await SupplierImports.ImportSoldeAsync(_app, supplier, avance, "DOS-001-SOLDE", 1000m);
        var incomplete = (await SupplierImports.ImportAvancesAsync(_app, supplier, "INC-001")).Single();
        await SupplierImports.ImportAvancesAsync(_app, _app.Demo.Suppliers[1], "INC-AUTRE");

        var page = await IncompletesOfAsync(supplier);

        Assert.Equal("2 demandes non complétées.", page.TextOf("[data-testid=incomplete-count]"));
        Assert.Equal(["DOS-001-SOLDE", "INC-001"], Rows(page).Select(r => r.Cells[0]).Order(StringComparer.Ordinal));
        var avanceRow = Rows(page).Single(r => r.Cells[0] == "INC-001");
        Assert.Equal([incomplete, "Avance"], avanceRow.Cells[1..3]);
        Assert.EndsWith(supplier.NumeroAns, avanceRow.Cells[3]);
        Assert.Equal("INC-001.pdf : manquante", avanceRow.Cells[6]);
        Assert.Equal(Date(avanceRow.Cells[4]).AddDays(7), Date(avanceRow.Cells[5]));
        Assert.True(avanceRow.CanDelete);

        var soldeRow = Rows(page).Single(r => r.Cells[0] == "DOS-001-SOLDE");
        Assert.Equal([solde, "Solde"], soldeRow.Cells[1..3]);
        Assert.Equal("DOS-001-SOLDE.pdf : manquante", soldeRow.Cells[6]);
        Assert.False(soldeRow.CanDelete);
        Assert.DoesNotContain("INC-AUTRE", page.Html);
        Assert.DoesNotContain("DOS-001.pdf", page.Html);
    }

    [Fact]
    public async Task ASupplierWithoutIncompleteRequests_IsToldSo()
    {
        var supplier = _app.Demo.Suppliers[0];
        await SupplierImports.DepositAvancesAsync(_app, supplier, "OK-001");

        var page = await IncompletesOfAsync(supplier);

        Assert.NotNull(page.Find("[data-testid=no-incomplete]"));
        Assert.Null(page.Find("[data-testid=incomplete-table]"));
        Assert.NotNull(page.Find("[data-testid=zip-upload]"));
    }

    [Fact]
    public async Task TheIncompletePage_IsNamedAsTheStatusIs_InItsTitleBreadcrumbAndEveryLinkToIt()
    {
        var supplier = _app.Demo.Suppliers[0];
        await SupplierImports.ImportAvancesAsync(_app, supplier, "NOM-001", "NOM-002");
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);

        var page = await browser.GetAsync("/demandes/incompletes");
        Assert.Equal("Suivi des demandes non complétées – Portail Ségur", page.Document.Title);
        Assert.Equal("Suivi des demandes non complétées", page.TextOf("h1"));
        Assert.Equal("Suivi des demandes non complétées", page.TextOf("nav[aria-label=\"Fil d'Ariane\"] [aria-current=page]"));
        Assert.Equal("/demandes", page.Find("[data-testid=retour]")!.GetAttribute("href"));

        var requests = await browser.GetAsync("/demandes");
        Assert.Equal("suivi des demandes non complétées", requests.Find("a[href='/demandes/incompletes']")!.TextContent.Trim());
        var home = await browser.GetAsync("/accueil");
        Assert.Contains("2 demandes non complétées", home.TextOf("[data-testid=incomplete-banner]"));
        foreach (var text in new[] { page.Text, requests.Text, home.Text })
        {
            Assert.DoesNotContain("incomplètes", text);
        }
    }

    private async Task<Page> IncompletesOfAsync(DemoSupplier supplier)
    {
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var page = await browser.GetAsync("/demandes/incompletes");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }

    private static List<(string[] Cells, bool CanDelete)> Rows(Page page) =>
        [.. page.Document.QuerySelectorAll("[data-testid=incomplete-table] tbody tr")
            .Where(tr => tr.QuerySelector("[data-testid=numero-editeur]") is not null)
            .Select(tr => (
                tr.QuerySelectorAll("td").Skip(1).Select(td => string.Join(" ", td.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).ToArray(),
                tr.QuerySelector("[data-testid=delete]") is not null))];

    private static DateTime Date(string text) => DateTime.ParseExact(text, "dd/MM/yyyy 'à' HH:mm", CultureInfo.InvariantCulture);
}

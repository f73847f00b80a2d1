using System.Net;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages.Enrolments;

/// <summary>The supplier's enrolments table and detail page, as the server renders them: its own enrolments only.</summary>
public sealed class EnrolmentsPageTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheTable_ListsTheSuppliersValidatedEnrolment_WithItsRequestNumberSiretAndProfiles_InTenSortableColumns()
    {
        var supplier = _app.Demo.Suppliers[0];

        var page = await PageOfAsync(supplier, "/enrolements");

        var headers = page.Document.QuerySelectorAll("[data-testid=enrolments-table] thead tr:first-child th").Select(th => th.QuerySelector("button > span")?.TextContent.Trim() ?? th.TextContent.Trim());
        Assert.Equal(["N° de demande", "Numéro ANS", "SIRET", "Type d'enrôlement", "Type de logiciel", "Couloir", "Vague", "Profils référencés", "Date de dépôt", "Statut", "Action"], headers);
        Assert.Equal(10, page.Document.QuerySelectorAll("[data-testid=enrolments-table] thead th[aria-sort]").Length);
        Assert.Equal(10, page.Document.QuerySelectorAll("[data-testid=filters] input[aria-label^='Filtrer selon']").Length);
        var rows = page.Document.QuerySelectorAll("[data-testid=enrolments-table] tbody tr").ToList();
        var cells = Assert.Single(rows).QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Matches("^ENR-\\d{6}$", cells[0]);
        Assert.Equal([supplier.NumeroAns, supplier.Siret, "Initial", "LGC", "Médecin de ville", "2"], cells.Skip(1).Take(6)); // the first demo supplier is in wave 2 (it has document templates)
        Assert.StartsWith("DMP, DMP_PFI", page.TextOf(".segur-profiles"));
        Assert.Contains("DMP – alimentation directe ; DMP – via une PFI", page.TextOf("[data-testid=profils-complets]"));
        Assert.Equal("Validée", cells[9]);
        Assert.NotNull(page.Find($"a[href='/enrolements/{supplier.NumeroAns}']"));
        Assert.DoesNotContain(_app.Demo.Suppliers[1].NumeroAns, page.Html);
        Assert.NotNull(page.Find("a[href='/enrolements/complementaire']"));
    }

    [Fact]
    public async Task TheDetail_ShowsTheSoftwareTheCompanyTheStatus_AndAnotherSuppliersEnrolmentIsNotFound()
    {
        var supplier = _app.Demo.Suppliers[0];

        var page = await PageOfAsync(supplier, "/enrolements/" + supplier.NumeroAns);

        Assert.Equal($"Enrôlement du logiciel {supplier.NumeroAns}", page.TextOf("h1"));
        Assert.Equal("Validée", page.TextOf("[data-testid=statut]"));
        Assert.Contains("Médecin de ville", page.TextOf("[data-testid=software]"));
        Assert.Contains("Pro Santé Connect", page.TextOf("[data-testid=software]"));
        Assert.Contains(supplier.Siret, page.TextOf("[data-testid=company]"));
        Assert.Contains(supplier.Denomination, page.TextOf("[data-testid=company]"));

        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var other = await browser.GetAsync("/enrolements/" + _app.Demo.Suppliers[1].NumeroAns);
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
        Assert.Contains("Page introuvable", other.TextOf("h1"));
    }

    [Fact]
    public async Task AComplementaryEnrolment_IsListedEnCours_WithItsPersonsMaskedBankDetailsAndCertificate()
    {
        var supplier = _app.Demo.Suppliers[0];
        await SupplierEnrolments.SubmitComplementaryAsync(_app, supplier, "ANS-2026-LGC-0042");

        var table = await PageOfAsync(supplier, "/enrolements");
        var detail = await PageOfAsync(supplier, "/enrolements/ANS-2026-LGC-0042");

        var row = table.Document.QuerySelectorAll("[data-testid=enrolments-table] tbody tr")
            .Single(tr => tr.QuerySelector("[data-testid=numero-ans]")!.TextContent.Trim() == "ANS-2026-LGC-0042")
            .QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Complémentaire", "En cours"], new[] { row[3], row[9] });
        Assert.Equal("En cours", detail.TextOf("[data-testid=statut]"));
        Assert.Contains("Claire Martin – claire.martin@editeur.example", detail.TextOf("[data-testid=persons]"));
        Assert.Equal("•••• •••• •••• •••• •••• •••0 189", detail.TextOf("[data-testid=iban]"));
        Assert.DoesNotContain(SupplierEnrolments.Iban, detail.Html);
        Assert.Contains("Certificat de référencement ANS", detail.TextOf("[data-testid=documents]"));
        Assert.Contains("certificat-ans.pdf", detail.TextOf("[data-testid=documents]"));
    }

    private async Task<Page> PageOfAsync(DemoSupplier supplier, string url)
    {
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var page = await browser.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }
}

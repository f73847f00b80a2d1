using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Imports;

namespace Segur.Host.Tests.Pages.Requests;

/// <summary>
/// The request detail's blocks from the seed: the recap's referencing date, address and last status change; the mandataire;
/// the couloir's identifiers; a solde against its avance; scenarios against the referenced profiles; every document in one zip.
/// </summary>
public sealed class RequestDetailBlocksTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheRecap_ShowsTheReferencingEffectiveDate_TheCompanysAddress_AndTheLastStatusChange()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(_app, supplier, "REC-001")).Single();

        var page = await DetailAsync(supplier, numero);

        Assert.Matches(@"^\d{2}/\d{2}/\d{4}$", page.TextOf("[data-testid=recap] [data-testid=date-referencement]"));
        Assert.Contains("rue des Exemples", page.TextOf("[data-testid=recap] [data-testid=adresse]"));
        Assert.Matches(@"\d{2}/\d{2}/\d{4}", page.TextOf("[data-testid=recap] [data-testid=dernier-changement]"));
    }

    [Fact]
    public async Task TheMandataireBlock_ShowsWhetherAMandataireOrdered_ItsNameEmailAndPhone_AndWhetherTheClientIsUnique()
    {
        var supplier = _app.Demo.Suppliers[0];
        var line = SupplierImports.Line(supplier, 1, "MAN-001", null, structure: false, 1200m);
        var beneficiaires = line["beneficiaires"]!.AsObject();
        beneficiaires["isMandataire"] = true;
        beneficiaires["isClientUnique"] = false;
        beneficiaires["nomMandataire"] = "Groupement Santé Plus";
        beneficiaires["emailMandataire"] = "contact@groupement.example";
        beneficiaires["telephoneMandataire"] = "0601020304";
        var numero = await ImportAsync(supplier, line);

        var page = await DetailAsync(supplier, numero);

        Assert.Equal("Oui", page.TextOf("[data-testid=is-mandataire]"));
        Assert.Equal("Non", page.TextOf("[data-testid=is-client-unique]"));
        Assert.Equal("Groupement Santé Plus", page.TextOf("[data-testid=nom-mandataire]"));
        Assert.Equal("contact@groupement.example", page.TextOf("[data-testid=email-mandataire]"));
        Assert.Equal("0601020304", page.TextOf("[data-testid=telephone-mandataire]"));
        Assert.Equal(SupplierImports.RppsFor(supplier, "MAN-001"), page.TextOf("[data-testid=rpps]"));
    }

    [Fact]
    public async Task AHospitalRequest_ShowsItsFinessJuridique_AndItsEstablishmentsUnderTheFinessPmsiHeading()
    {
        var hospital = _app.Demo.Suppliers[1];
        var numero = (await SupplierImports.DepositAvancesAsync(_app, hospital, "FIN-001")).Single();

        var page = await DetailAsync(hospital, numero);

        var structure = page.TextOf("[data-testid=beneficiaire-structure]");
        Assert.Contains(SupplierImports.FinessFor(hospital, "FIN-001", "juridique"), structure);
        Assert.Contains("FINESS PMSI (géographique)", structure);
        Assert.Contains(SupplierImports.FinessFor(hospital, "FIN-001"), page.TextOf("[data-testid=finess-geo]"));
    }

    [Fact]
    public async Task ASolde_ComparesItsBeneficiariesWithThoseOfItsAvance()
    {
        var supplier = _app.Demo.Suppliers[0];
        var avance = (await SupplierImports.DepositAvancesAsync(_app, supplier, "SOL-001")).Single();
        await SupplierImports.ValidateAndDecideAsync(_app, avance);
        await SupplierImports.PayAsync(_app, avance, new DateOnly(2026, 11, 2));
        // The solde names the avance's professional (the sample line draws an RPPS from its own numéro éditeur).
        var line = SupplierImports.Line(supplier, 1, "SOL-001-SOLDE", avance, structure: false, 1000m);
        line["facture"] = new JsonObject { ["montantSegurHTFacture"] = 1000m, ["numeroFacture"] = "FAC-SOL-001", ["dateFacture"] = "2026-10-15" };
        line["beneficiaires"]!["liberal"]![0]!["RPPS"] = SupplierImports.RppsFor(supplier, "SOL-001");
        var solde = await ImportAsync(supplier, line);

        var page = await DetailAsync(supplier, solde);

        Assert.Equal("Le solde nomme les mêmes bénéficiaires que l'avance.", page.TextOf("[data-testid=comparaison-avance]"));
        var comparison = page.TextOf("[data-testid=comparaison-table]");
        Assert.Contains(SupplierImports.RppsFor(supplier, "SOL-001"), comparison);
        Assert.DoesNotContain("absent de l'avance", comparison);
    }

    [Fact]
    public async Task TheScenariosAskedFor_AreCheckedAgainstTheReferencedProfiles_AndShownInBold()
    {
        // The sample line asks for DMP in direct, MSSanté professionnelle in direct and Pro Santé Connect (the import
        // refuses a scenario whose profile is not referenced, so every one asked for is covered).
        var supplier = _app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(_app, supplier, "SCN-001")).Single();

        var page = await DetailAsync(supplier, numero);

        Assert.Contains("Profils référencés du logiciel", page.TextOf("[data-testid=profils-references]"));
        foreach (var profile in new[] { "dmp", "msspro", "psc" })
        {
            Assert.Equal("Oui (profil référencé)", page.TextOf($"[data-testid=scenario-{profile}] strong[data-referenced=true]"));
        }

        Assert.Null(page.Find("[data-testid=scenario-msscitoyen] strong"));
        Assert.Equal("Non", page.TextOf("[data-testid=scenario-cds] td"));
        Assert.Null(page.Find("[data-testid=scenario-ms1]"));
    }

    [Fact]
    public async Task TheSupplier_DownloadsEveryDocumentOfItsRequestInOneZip_AndAnotherSupplierGetsNotFound()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(_app, supplier, "ZIP-001")).Single();
        await SupplierImports.StaffFireAsync(_app, numero, "DemanderPiece", new Dictionary<string, object?> { ["piece"] = "L'attestation" });
        await SupplierImports.AddDocumentAsync(_app, supplier, numero, "attestation.pdf");

        var page = await DetailAsync(supplier, numero);
        Assert.Equal($"/demandes/{numero}/pieces.zip", page.Find("[data-testid=download-all]")!.GetAttribute("href"));
        Assert.Equal(2, page.Document.QuerySelectorAll("[data-testid=stored-documents] [data-testid=document-link]").Length);

        using var owner = _app.Pages();
        await owner.SignInAsync(supplier.Uid, supplier.Password);
        using var response = await owner.Http.GetAsync($"/demandes/{numero}/pieces.zip");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(), ZipArchiveMode.Read);
        Assert.Equal(["ZIP-001.pdf", "attestation.pdf"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        await using (var first = zip.Entries[0].Open())
        {
            var bytes = new byte[5];
            await first.ReadExactlyAsync(bytes);
            Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes));
        }

        var other = _app.Demo.Suppliers[1];
        using var stranger = _app.Pages();
        await stranger.SignInAsync(other.Uid, other.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Http.GetAsync($"/demandes/{numero}/pieces.zip")).StatusCode);
    }

    private async Task<string> ImportAsync(DemoSupplier supplier, JsonObject line)
    {
        var file = new JsonObject { ["impId"] = null, ["numeroAns"] = supplier.NumeroAns, ["siret"] = supplier.Siret, ["lignesImport"] = new JsonArray(line) };
        var actor = await SupplierImports.SupplierAsync(_app, supplier);
        var result = await _app.Services.GetRequiredService<ImportService>().ImportAsync(new ImportSubmission(
            Guid.Parse(actor.SupplierId!), supplier.Uid, "detail.json", Encoding.UTF8.GetBytes(file.ToJsonString()), Simulation: false));
        var numero = result.LineResults.Single().NumeroAsp;
        Assert.True(numero is not null, result.LineResults.Single().Message);
        await SupplierImports.AddDocumentAsync(_app, supplier, numero, line["numeroEditeur"] + ".pdf");
        return numero;
    }

    private async Task<Page> DetailAsync(DemoSupplier supplier, string numeroAsp)
    {
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var page = await browser.GetAsync($"/demandes/{numeroAsp}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }
}

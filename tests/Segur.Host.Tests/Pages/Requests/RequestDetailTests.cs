using System.Net;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages.Requests;

/// <summary>The request detail page: header, recap, six sections, amounts once instructed, versements, versions; own requests only.</summary>
public sealed class RequestDetailTests : IAsyncLifetime
{
    private static readonly string[] s_sections =
        ["Commande", "Coordonnées bancaires", "Bénéficiaires", "Pièces justificatives", "Scénarios d'installation", "Suivi financier"];

    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ADepositedRequest_ShowsItsHeaderAndSixSections_ButNoRetainedOrDecidedAmountBeforeInstruction()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(_app, supplier, "DET-001")).Single();

        var page = await DetailAsync(supplier, numero);

        Assert.Equal(numero, page.TextOf("[data-testid=request-header] [data-testid=numero-asp]"));
        Assert.Equal("DET-001", page.TextOf("[data-testid=request-header] [data-testid=numero-editeur]"));
        Assert.Equal("En cours", page.TextOf("[data-testid=request-header] [data-testid=statut]"));
        Assert.Equal("Aucun paiement en cours", page.TextOf("[data-testid=request-header] [data-testid=etat-paiement]"));
        Assert.Equal(s_sections, page.Document.QuerySelectorAll("[data-testid=sections] h3").Select(h => h.TextContent.Trim()));
        Assert.Equal(["Version actuelle", "Historique (1)"], page.Document.QuerySelectorAll(".mud-tab").Select(t => t.TextContent.Trim()));

        Assert.NotNull(page.Find("[data-testid=montant-declare]"));
        Assert.Null(page.Find("[data-testid=montant-retenu-ht]"));
        Assert.Null(page.Find("[data-testid=montant-retenu]"));
        Assert.Null(page.Find("[data-testid=montant-decide]"));
        Assert.NotNull(page.Find("[data-testid=amounts-pending]"));
        Assert.DoesNotContain("Montant décidé", page.TextOf("[data-testid=recap]"));

        Assert.Contains("15/09/2026", page.TextOf("[data-testid=commande]"));
        Assert.Contains(SupplierImports.RppsFor(supplier, "DET-001"), page.TextOf("[data-testid=beneficiaires-liberaux]"));
        Assert.Contains("Oui", page.TextOf("[data-testid=scenario]"));
        Assert.Contains("DET-001.pdf", page.TextOf("[data-testid=expected-documents]"));
        Assert.Contains("Déposée", page.TextOf("[data-testid=expected-documents]"));
        Assert.Contains("DET-001.pdf", page.TextOf("[data-testid=stored-documents]"));
        Assert.NotNull(page.Find("[data-testid=no-payment]"));
        Assert.Null(page.Find("[data-testid=document-upload]"));
    }

    [Fact]
    public async Task ADecidedAndPaidAvance_ShowsItsAmountsWithHowTheyAreComputed_AndItsVersement()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(_app, supplier, "DEC-001")).Single();
        await SupplierImports.ValidateAndDecideAsync(_app, numero);
        await SupplierImports.PayAsync(_app, numero, new DateOnly(2026, 11, 20));

        var page = await DetailAsync(supplier, numero);

        Assert.Equal("Paiement effectué", page.TextOf("[data-testid=request-header] [data-testid=etat-paiement]"));
        Assert.StartsWith("1 000,00 €", Text(page, "[data-testid=montant-retenu-ht]"));
        Assert.Contains("plafond du type de logiciel LGC (1 200,00 € HT)", Text(page, "[data-testid=montant-retenu-ht]"));
        Assert.StartsWith("1 200,00 €", Text(page, "[data-testid=montant-retenu]"));
        Assert.Contains("(1 + 20 %)", Text(page, "[data-testid=montant-retenu]"));
        Assert.StartsWith("360,00 €", Text(page, "[data-testid=montant-decide]"));
        Assert.Contains("30 % de l'engagement retenu", Text(page, "[data-testid=montant-decide]"));
        Assert.Null(page.Find("[data-testid=amounts-pending]"));

        var versement = page.Document.QuerySelectorAll("[data-testid=payments] tbody td").Select(td => td.TextContent.Trim().Replace('\u202F', ' ')).ToList();
        Assert.Equal(["VERSE001", numero, "Avance", "Paiement effectué", "360,00 €"], versement.Take(5));
        Assert.Equal(["360,00 €", "20/11/2026"], versement.Skip(7));
    }

    [Fact]
    public async Task TheBankDetails_AreThoseOfTheSoftwaresEnrolment_WithTheIbanMasked()
    {
        var demo = _app.Demo.Suppliers[0];
        var software = await SupplierEnrolments.SubmitComplementaryAsync(_app, demo, "ANS-2026-LGC-0777");
        await SupplierEnrolments.ValidateAsync(_app, software.NumeroAns);
        var numero = (await SupplierImports.DepositAvancesAsync(_app, software, "BQ-001")).Single();

        var page = await DetailAsync(demo, numero);

        var bank = page.TextOf("[data-testid=banque]");
        Assert.Contains("Éditeur Exemple SAS", bank);
        Assert.Contains("•••• •••• •••• •••• •••• •••0 189", bank);
        Assert.Contains("AGRIFRPP", bank);
        Assert.DoesNotContain(SupplierEnrolments.Iban, page.Html);
        Assert.DoesNotContain("3000 6000", page.Html);
    }

    [Fact]
    public async Task AnotherSuppliersRequest_AnswersThePageNotFound()
    {
        var numero = (await SupplierImports.ImportAvancesAsync(_app, _app.Demo.Suppliers[1], "AUTRE-001")).Single();
        var supplier = _app.Demo.Suppliers[0];
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);

        var page = await browser.GetAsync("/demandes/" + numero);
        var unknown = await browser.GetAsync("/demandes/ASP260009999M0");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Page introuvable", page.TextOf("h1"));
        Assert.DoesNotContain("AUTRE-001", page.Html);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task ARequestWaitingForADocument_OffersTheUploadInItsOpenDocumentsSection()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(_app, supplier, "ATT-001")).Single();
        await SupplierImports.StaffFireAsync(_app, numero, "DemanderPiece", new Dictionary<string, object?> { ["piece"] = "Le bon de commande signé" });

        var page = await DetailAsync(supplier, numero, "?pieces=1");

        Assert.Equal("En attente de pièce jointe complémentaire", page.TextOf("[data-testid=request-header] [data-testid=statut]"));
        Assert.NotNull(page.Find("[data-testid=document-upload]"));
        Assert.Contains("Choisir les pièces demandées", page.TextOf("[data-testid=document-upload]"));
    }

    private async Task<Page> DetailAsync(DemoSupplier supplier, string numeroAsp, string query = "")
    {
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var page = await browser.GetAsync($"/demandes/{numeroAsp}{query}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }

    private static string Text(Page page, string selector) => page.TextOf(selector).Replace('\u202F', ' ').Replace('\u00A0', ' ');
}

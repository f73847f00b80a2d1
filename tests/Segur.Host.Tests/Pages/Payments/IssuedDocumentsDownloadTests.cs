using System.Net;
using System.Net.Http.Headers;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Host.Tests.Pages.Payments;

/// <summary>The décision d'attribution and the avis de paiement, downloaded by their supplier from the request's page and through the API.</summary>
public sealed class IssuedDocumentsDownloadTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ASupplier_DownloadsTheAvisDePaiement_FromTheRequestPageAndTheApi_AndReadsItsAmounts()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(_app, supplier, "AVIS-001")).Single();
        await SupplierImports.ValidateAndDecideAsync(_app, numero);
        await SupplierImports.PayAsync(_app, numero, new DateOnly(2026, 11, 20));

        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var detail = await browser.GetAsync($"/demandes/{numero}");
        var avisLink = detail.Find("[data-testid=avis-de-paiement]")?.GetAttribute("href") ?? throw new Xunit.Sdk.XunitException("Pas de lien vers l'avis de paiement.");
        var decisionLink = detail.Find("[data-testid=decision-attribution]")?.GetAttribute("href") ?? throw new Xunit.Sdk.XunitException("Pas de lien vers la décision.");
        var decision = await browser.Http.GetByteArrayAsync(decisionLink);
        await File.WriteAllBytesAsync(Path.Combine(Chromium.ArtifactsFolder, "decision-attribution.pdf"), decision);
        Assert.Contains("Décision d'attribution de financement", PdfText.Read(decision));

        var fromPage = await browser.Http.GetAsync(avisLink);
        Assert.Equal(HttpStatusCode.OK, fromPage.StatusCode);
        Assert.Equal("application/pdf", fromPage.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"avis-de-paiement-avance-{numero}.pdf", fromPage.Content.Headers.ContentDisposition?.FileNameStar ?? fromPage.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var pdf = await fromPage.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(Chromium.ArtifactsFolder, "avis-de-paiement.pdf"), pdf);
        var text = PdfText.Read(pdf);
        Assert.Contains("Avis de paiement", text);
        Assert.Contains("la somme de 360,00 € a été versée le 20/11/2026", text);
        Assert.Contains("AVIS-001", text);
        Assert.Contains(supplier.Siret, text);

        using var api = _app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", supplier.ApiToken);
        var documentId = avisLink[(avisLink.LastIndexOf('/') + 1)..];
        var fromApi = await api.GetAsync($"/api/v1/requests/{numero}/documents/{documentId}");
        Assert.Equal(HttpStatusCode.OK, fromApi.StatusCode);
        Assert.Equal(pdf, await fromApi.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task AnotherSuppliersDocument_AnswersNotFound_ThroughTheApiAndThePages()
    {
        var owner = _app.Demo.Suppliers[0];
        var other = _app.Demo.Suppliers[1];
        var numero = (await SupplierImports.DepositAvancesAsync(_app, owner, "AVIS-002")).Single();
        await SupplierImports.ValidateAndDecideAsync(_app, numero);
        using var ownerPages = _app.Pages();
        await ownerPages.SignInAsync(owner.Uid, owner.Password);
        var link = (await ownerPages.GetAsync($"/demandes/{numero}")).Find("[data-testid=decision-attribution]")!.GetAttribute("href")!;
        Assert.Equal(HttpStatusCode.OK, (await ownerPages.Http.GetAsync(link)).StatusCode);

        using var otherPages = _app.Pages();
        await otherPages.SignInAsync(other.Uid, other.Password);
        Assert.Equal(HttpStatusCode.NotFound, (await otherPages.Http.GetAsync(link)).StatusCode);
        using var api = _app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", other.ApiToken);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/api/v1/requests/{numero}/documents/{link[(link.LastIndexOf('/') + 1)..]}")).StatusCode);
    }

    [Fact]
    public async Task TheSuiviFinancier_ShowsNoVersementBeforeTheAvanceIsDecided()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(_app, supplier, "AVIS-003")).Single();
        await SupplierImports.StaffFireAsync(_app, numero, "Valider");
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);

        var validated = await browser.GetAsync($"/demandes/{numero}");
        Assert.NotNull(validated.Find("[data-testid=no-payment]"));
        Assert.Null(validated.Find("[data-testid=payments]"));

        await SupplierImports.StaffFireAsync(_app, numero, "Decider");
        var decided = await browser.GetAsync($"/demandes/{numero}");
        Assert.Contains("Aucun paiement en cours", decided.TextOf("[data-testid=payments]"));
        Assert.Null(decided.Find("[data-testid=avis-de-paiement]"));
        Assert.Contains("Décision d'attribution", decided.TextOf("[data-testid=issued-documents]"));
    }
}

using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Financing;

namespace Segur.Host.Tests.Pages.Answers;

/// <summary>A supplier in Chromium corrects a request staff sent back, then compares the versions; axe and screenshots on each page.</summary>
public sealed class SupplierAnswersBrowserTests
{
    [Fact]
    public async Task ASupplier_CorrectsItsRequestThroughTheForm_AndComparesTheVersions()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(app, supplier, "NAV-001"))[0];
        await SupplierImports.StaffFireAsync(app, numero, FinancingTriggers.DemanderCorrection,
            new Dictionary<string, object?> { ["corrections"] = "Le montant HT doit être celui du bon de commande : 950 €." });

        await using var browser = await PortalBrowser.OpenAsync(address);
        await browser.SignInAsync(supplier);
        var page = browser.Page;
        await browser.GotoInteractiveAsync($"/demandes/{numero}");
        await Assertions.Expect(page.GetByTestId("corrections-demandees")).ToContainTextAsync("950 €");
        await browser.ScreenshotAsync("reponses-01-demande-a-modifier");
        await Accessibility.AssertNoSeriousViolationAsync(page, "demande à modifier");

        await page.GetByTestId("modifier").ClickAsync();
        await page.WaitForURLAsync($"**/demandes/{numero}/modifier", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await browser.WaitForInteractivityAsync();
        await page.Locator("#montant-ht").FillAsync("-3");
        await page.GetByTestId("enregistrer").ClickAsync();
        await Assertions.Expect(page.GetByTestId("correction-refused")).ToContainTextAsync("commande.montantSegurHT : doit être strictement positif");
        await browser.ScreenshotAsync("reponses-02-correction-refusee");
        await Accessibility.AssertNoSeriousViolationAsync(page, "formulaire de correction");

        await page.Locator("#montant-ht").FillAsync("950");
        await page.GetByTestId("enregistrer").ClickAsync();
        await Assertions.Expect(page.GetByTestId("correction-saved")).ToContainTextAsync("version 2", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(page.GetByTestId("correction-saved")).ToContainTextAsync("En cours");
        await browser.ScreenshotAsync("reponses-03-correction-enregistree");

        await browser.GotoInteractiveAsync($"/demandes/{numero}");
        await page.GetByRole(AriaRole.Tab, new() { Name = "Historique (2)" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Comparer la version 1 avec l'actuelle" }).ClickAsync();
        var compare = page.GetByTestId("version-compare");
        await Assertions.Expect(compare.Locator("tr[data-differs=true]").Filter(new() { HasText = "Montant Ségur HT déclaré" })).ToContainTextAsync("950,00");
        await browser.ScreenshotAsync("reponses-04-comparaison");
        await Accessibility.AssertNoSeriousViolationAsync(page, "comparaison des versions");
    }

    [Fact]
    public async Task Staff_AskAnEnrolmentForTheCertificate_FromTheActionsTheDefinitionOffers()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        await SupplierEnrolments.SubmitComplementaryAsync(app, app.Demo.Suppliers[0], "ANS-NAV-0001");
        var staff = app.Demo.Staff[0];

        await using var browser = await PortalBrowser.OpenAsync(address);
        var page = browser.Page;
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Identifiant (UID)").FillAsync(staff.Uid);
        await page.GetByLabel("Mot de passe").FillAsync(staff.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync("**/accueil", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await browser.GotoInteractiveAsync("/instruction/enrolements");
        await browser.ScreenshotAsync("reponses-05-instruction-enrolements");
        await Accessibility.AssertNoSeriousViolationAsync(page, "instruction des enrôlements");

        await browser.GotoInteractiveAsync("/instruction/enrolements/ANS-NAV-0001");
        await page.GetByTestId("action-Rejeter").ClickAsync();
        await page.GetByTestId("confirm-action").ClickAsync();
        await Assertions.Expect(page.GetByTestId("action-error")).ToContainTextAsync("Motif du rejet");
        await page.GetByTestId("action-form").GetByRole(AriaRole.Button, new() { Name = "Annuler" }).ClickAsync();
        await page.GetByTestId("action-DemanderCertificat").ClickAsync();
        await page.GetByTestId("confirm-action").ClickAsync();
        await Assertions.Expect(page.GetByTestId("action-done")).ToContainTextAsync("En attente du certificat de référencement", new() { Timeout = PortalBrowser.SlowTimeout });
        await browser.ScreenshotAsync("reponses-06-enrolement-certificat-demande");
        await Accessibility.AssertNoSeriousViolationAsync(page, "détail d'un enrôlement (agent)");
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages.AccountChanges;

public sealed class AccountChangesBrowserTests
{
    private static FilePayload Pdf(string name) => new() { Name = name, MimeType = "application/pdf", Buffer = TestFiles.Pdf() };

    [Fact]
    public async Task ASupplier_DeclaresNewBankDetails_ChangesItsPersons_AndSendsATemplate_ThenStaffReviewIt()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        await using var browser = await PortalBrowser.OpenAsync(address);
        await browser.SignInAsync(supplier);
        var page = browser.Page;

        // Bank details: a wrong key is told in the summary, then the right IBAN is sent.
        await browser.GotoInteractiveAsync("/compte/coordonnees-bancaires");
        await Assertions.Expect(page.GetByTestId("bank-history")).ToContainTextAsync("•••0 143");
        await page.GetByLabel("Titulaire du compte").FillAsync("Cabinet Logiciels Santé Exemple");
        await page.GetByLabel("IBAN").FillAsync("FR76 1010 7001 0112 3456 7890 128");
        await page.GetByLabel("BIC").FillAsync("BREDFRPP");
        await FileInputs.ChooseAsync(page.Locator("input[data-testid=input-RIB]"), Pdf("rib.pdf"));
        await Assertions.Expect(page.GetByTestId("document-RIB").GetByTestId("chosen-file")).ToContainTextAsync("rib.pdf");
        await page.GetByTestId("bank-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("problems")).ToContainTextAsync("IBAN : la clé de contrôle ne correspond pas", new() { Timeout = PortalBrowser.SlowTimeout });
        await browser.ScreenshotAsync("compte-01-coordonnees-bancaires-erreur");
        await Accessibility.AssertNoSeriousViolationAsync(page, "coordonnées bancaires (erreur)");
        await page.GetByLabel("IBAN").FillAsync("FR76 1010 7001 0112 3456 7890 129");
        await page.GetByTestId("bank-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("bank-done")).ToBeVisibleAsync(new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(page.GetByTestId("bank-pending")).ToContainTextAsync("0129");
        await browser.ScreenshotAsync("compte-02-coordonnees-bancaires-envoyees");
        await Accessibility.AssertNoSeriousViolationAsync(page, "coordonnées bancaires");

        // Natural persons: the recap, then a change with the identity document.
        await browser.GotoInteractiveAsync("/compte/personnes");
        await Assertions.Expect(page.GetByTestId("current-representant")).ToContainTextAsync("Sophie Durand");
        await page.Locator("#representant-prenom").FillAsync("Alice");
        await page.Locator("#representant-nom").FillAsync("Bernard");
        await page.Locator("#representant-email").FillAsync("alice.bernard@cabinet.example");
        await page.Locator("#deposant-prenom").FillAsync("Alice");
        await page.Locator("#deposant-nom").FillAsync("Bernard");
        await page.Locator("#deposant-email").FillAsync("alice.bernard@cabinet.example");
        await FileInputs.ChooseAsync(page.Locator("input[data-testid=input-PIECE_IDENTITE_REPRESENTANT]"), Pdf("cni.pdf"));
        await Assertions.Expect(page.GetByTestId("document-PIECE_IDENTITE_REPRESENTANT").GetByTestId("chosen-file")).ToContainTextAsync("cni.pdf");
        await page.GetByTestId("persons-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("persons-done")).ToBeVisibleAsync(new() { Timeout = PortalBrowser.SlowTimeout });
        await browser.ScreenshotAsync("compte-03-personnes");
        await Accessibility.AssertNoSeriousViolationAsync(page, "personnes physiques");

        // Templates: upload, then confirm in the dialog.
        await browser.GotoInteractiveAsync("/modeles");
        await page.Locator("#modele-nature").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Bon de commande" }).ClickAsync();
        await FileInputs.ChooseAsync(page.Locator("input[data-testid=input-modele]"), Pdf("bon-de-commande.pdf"));
        await Assertions.Expect(page.GetByTestId("chosen-file")).ToContainTextAsync("bon-de-commande.pdf");
        await page.GetByTestId("template-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("confirm-text")).ToContainTextAsync("bon-de-commande.pdf", new() { Timeout = PortalBrowser.SlowTimeout });
        await browser.ScreenshotAsync("modeles-01-confirmation");
        await Accessibility.AssertNoSeriousViolationAsync(page, "modèles (confirmation)");
        await page.GetByTestId("template-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("template-status")).ToContainTextAsync("À instruire");
        await browser.ScreenshotAsync("modeles-02-historique");
        await Accessibility.AssertNoSeriousViolationAsync(page, "modèles");

        // Staff: the three tasks are in the inbox; the bank details are validated from the review page.
        await using var staffBrowser = await PortalBrowser.OpenAsync(address);
        var staff = app.Demo.Staff[0];
        await staffBrowser.SignInAsync(new DemoSupplier(staff.Uid, staff.Password, staff.ApiToken, "", "", ""));
        var staffPage = staffBrowser.Page;
        await staffBrowser.GotoInteractiveAsync("/taches");
        await Assertions.Expect(staffPage.GetByText("Valider les coordonnées bancaires").First).ToBeVisibleAsync();
        await Assertions.Expect(staffPage.GetByText("Valider les personnes physiques").First).ToBeVisibleAsync();
        await Assertions.Expect(staffPage.GetByText("Instruire le modèle de pièce").First).ToBeVisibleAsync();
        await staffBrowser.ScreenshotAsync("compte-04-corbeille");
        var bankTask = staffPage.Locator("tr").Filter(new() { HasText = "Valider les coordonnées bancaires" }).First;
        // Taking a task one already holds only opens it: a click the busy circuit lost can be clicked again.
        await Clicks.UntilAddressAsync(staffPage, bankTask.GetByRole(AriaRole.Button).Last, new Regex("/instruction/compte/coordonnees-bancaires/"));
        await staffBrowser.WaitForInteractivityAsync();
        await Assertions.Expect(staffPage.GetByTestId("iban-full")).ToHaveTextAsync("FR76 1010 7001 0112 3456 7890 129");
        await staffPage.GetByTestId("action-Valider").ClickAsync();
        await staffPage.GetByTestId("confirm-action").ClickAsync();
        await Assertions.Expect(staffPage.GetByTestId("action-done")).ToContainTextAsync("Validée", new() { Timeout = PortalBrowser.SlowTimeout });
        await staffBrowser.ScreenshotAsync("compte-05-validation-asp");
        await Accessibility.AssertNoSeriousViolationAsync(staffPage, "validation des coordonnées bancaires");

        await browser.GotoInteractiveAsync("/compte/coordonnees-bancaires");
        await Assertions.Expect(page.GetByTestId("bank-history")).ToContainTextAsync("Validée – en vigueur");
        await browser.ScreenshotAsync("compte-06-coordonnees-bancaires-validees");
    }
}

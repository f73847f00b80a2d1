using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Pages.Enrolments;

/// <summary>The enrolment forms in Chromium: the first one by a company with no account, the complementary one by a supplier; axe on each.</summary>
public sealed class EnrolmentFormsBrowserTests
{
    [Fact]
    public async Task ACompanyWithoutAccount_SubmitsItsFirstEnrolment_WhichIsEnCours()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        await using var browser = await PortalBrowser.OpenAsync(address);
        var page = browser.Page;

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Premier enrôlement" }).ClickAsync();
        await page.WaitForURLAsync("**/inscription", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await browser.WaitForInteractivityAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Premier enrôlement");
        await browser.ScreenshotAsync("enrolement-01-premier-formulaire");
        await Accessibility.AssertNoSeriousViolationAsync(page, "premier enrôlement");

        await page.GetByLabel("SIRET").FillAsync("55210055400013");
        await page.GetByLabel("Dénomination sociale").FillAsync("Nouvel Éditeur Santé SAS");
        await page.GetByLabel("Adresse du siège").FillAsync("8 place des Essais, 33000 Bordeaux");
        await page.GetByLabel("E-mail de contact de la société").FillAsync("contact@nouvel-editeur.example");
        await FillSoftwareAsync(page, "ANS-2026-DPI-0100", "DPI – dossier patient informatisé (hôpital)", ["DMP – alimentation directe", "Pro Santé Connect"]);
        await FillPersonAsync(page, "representant", "Jeanne", "Durand", "jeanne.durand@nouvel-editeur.example");
        await page.GetByLabel("Le représentant légal dépose lui-même cette demande").UncheckAsync();
        await FillPersonAsync(page, "deposant", "Paul", "Martin", "paul.martin@nouvel-editeur.example");
        await FillBankAsync(page, SupplierEnrolments.Iban);
        await ChooseAsync(page, "Certificat de référencement ANS", "certificat.pdf", TestFiles.Pdf());
        await ChooseAsync(page, "Pièce d'identité du représentant légal", "identite.png", TestFiles.Png());
        await ChooseAsync(page, "Mandat (si le déposant n'est pas le représentant légal)", "mandat.pdf", TestFiles.Pdf());
        await ChooseAsync(page, "RIB", "rib.pdf", TestFiles.Pdf());
        await ChooseAsync(page, "Attestation de régime de TVA", "attestation-tva.pdf", TestFiles.Pdf());
        await browser.ScreenshotAsync("enrolement-02-premier-rempli");

        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer ma demande d'enrôlement" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("confirmation-status")).ToHaveTextAsync("En cours", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(page.GetByTestId("confirmation-credentials")).ToContainTextAsync("deux e-mails séparés à l'adresse paul.martin@nouvel-editeur.example");
        await browser.ScreenshotAsync("enrolement-03-premier-confirmation");
        await Accessibility.AssertNoSeriousViolationAsync(page, "confirmation du premier enrôlement");

        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var enrolment = await db.Enrolments.Include(e => e.Supplier).SingleAsync(e => e.NumeroAns == "ANS-2026-DPI-0100");
        Assert.Equal(("EnCours", "En cours", "initial", "HOPITAL"), (enrolment.Status, enrolment.StatusLabel, enrolment.TypeEnrolement, enrolment.Couloir));
        Assert.Equal(("55210055400013", "Nouvel Éditeur Santé SAS"), (enrolment.Supplier!.Siret, enrolment.Supplier.Denomination));
        Assert.Equal("DMP,PSC", enrolment.Profiles);
        Assert.Equal("paul.martin@nouvel-editeur.example", enrolment.Deposant!.Email);
        Assert.Equal(5, await db.EnrolmentDocuments.CountAsync(d => d.EnrolmentId == enrolment.Id));
        Assert.False(await db.Users.AnyAsync(u => u.SupplierId == enrolment.SupplierId));
    }

    [Fact]
    public async Task ASupplier_IsToldEveryProblemOfItsComplementaryEnrolment_ThenSubmitsIt_AndFindsItInItsTable()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        await using var browser = await PortalBrowser.OpenAsync(address);
        await browser.SignInAsync(supplier);
        var page = browser.Page;

        await browser.GotoInteractiveAsync("/enrolements");
        await browser.ScreenshotAsync("enrolement-10-tableau");
        await Accessibility.AssertNoSeriousViolationAsync(page, "enrôlements");
        await page.GetByRole(AriaRole.Link, new() { Name = "Enrôlement complémentaire" }).ClickAsync();
        await page.WaitForURLAsync("**/enrolements/complementaire", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await browser.WaitForInteractivityAsync();

        // Required fields left empty: named above the form.
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande d'enrôlement" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("problems")).ToContainTextAsync("Numéro ANS : obligatoire.");
        await Assertions.Expect(page.GetByTestId("problems")).ToContainTextAsync("IBAN : obligatoire.");

        // Checked before sending: an IBAN whose key is wrong, no certificate.
        await FillSoftwareAsync(page, supplier.NumeroAns, "LGC – logiciel de gestion de cabinet (médecin de ville)", ["DMP – alimentation directe"]);
        await FillPersonAsync(page, "representant", "Claire", "Martin", "claire.martin@cabinet.example");
        await FillBankAsync(page, "FR7630006000011234567890188");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande d'enrôlement" }).ClickAsync();
        var problems = page.GetByTestId("problems");
        await Assertions.Expect(problems).ToContainTextAsync("IBAN : la clé de contrôle ne correspond pas", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(problems).ToContainTextAsync("Pièce manquante : Certificat de référencement ANS.");
        await Assertions.Expect(problems).ToBeFocusedAsync();

        // The service's refusal, tied to its field: a software already enrolled.
        await page.GetByLabel("IBAN").FillAsync(SupplierEnrolments.Iban);
        await ChooseAsync(page, "Certificat de référencement ANS", "certificat-0001.pdf", TestFiles.Pdf());
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande d'enrôlement" }).ClickAsync();
        await Assertions.Expect(problems).ToContainTextAsync($"Numéro ANS : le logiciel {supplier.NumeroAns} a déjà un enrôlement.", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(problems.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", "/enrolements/complementaire#numero-ans");
        await browser.ScreenshotAsync("enrolement-11-complementaire-refuse");
        await Accessibility.AssertNoSeriousViolationAsync(page, "enrôlement complémentaire refusé");

        await page.GetByLabel("Numéro de référencement ANS").FillAsync("ANS-2026-LGC-0500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer la demande d'enrôlement" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("confirmation-status")).ToHaveTextAsync("En cours", new() { Timeout = PortalBrowser.SlowTimeout });
        await browser.ScreenshotAsync("enrolement-12-complementaire-confirmation");
        await page.GetByRole(AriaRole.Link, new() { Name = "Retour aux enrôlements" }).ClickAsync();
        await page.WaitForURLAsync("**/enrolements", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
        await browser.WaitForInteractivityAsync();
        var rows = page.Locator("[data-testid=enrolments-table] tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(2);

        // Per-column filter and sort.
        await page.GetByTestId("sort-ans").ClickAsync();
        await Assertions.Expect(rows.First.GetByTestId("numero-ans")).ToHaveTextAsync(supplier.NumeroAns);
        await page.GetByTestId("sort-ans").ClickAsync();
        await Assertions.Expect(rows.First.GetByTestId("numero-ans")).ToHaveTextAsync("ANS-2026-LGC-0500");
        await page.GetByLabel("Filtrer selon le numéro ANS").FillAsync("0001");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First.GetByTestId("statut")).ToHaveTextAsync("Validée");
        await browser.ScreenshotAsync("enrolement-13-tableau-filtre");

        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var enrolment = await db.Enrolments.SingleAsync(e => e.NumeroAns == "ANS-2026-LGC-0500");
        Assert.Equal(("EnCours", "complementaire"), (enrolment.Status, enrolment.TypeEnrolement));
    }

    private static async Task FillSoftwareAsync(IPage page, string numeroAns, string type, IReadOnlyList<string> profiles)
    {
        await page.GetByLabel("Numéro de référencement ANS").FillAsync(numeroAns);
        await page.GetByLabel("Date de prise d'effet du référencement").FillAsync("01/06/2026");
        await page.GetByLabel("Date de prise d'effet du référencement").PressAsync("Tab");
        await page.Locator("#type-logiciel").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = type }).ClickAsync();
        await page.Locator("#profils").ClickAsync();
        foreach (var profile in profiles)
        {
            await page.GetByRole(AriaRole.Option, new() { Name = profile }).ClickAsync();
        }

        // The list closes on Escape once the server has taken the last choice; on a loaded machine the key can come first.
        for (var attempt = 1; ; attempt++)
        {
            await page.Keyboard.PressAsync("Escape");
            try
            {
                await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // Still open: press Escape again.
            }
        }
    }

    private static async Task FillPersonAsync(IPage page, string id, string prenom, string nom, string email)
    {
        await page.Locator($"#{id}-prenom").FillAsync(prenom);
        await page.Locator($"#{id}-nom").FillAsync(nom);
        await page.Locator($"#{id}-email").FillAsync(email);
        await page.Locator($"#{id}-telephone").FillAsync("0102030405");
    }

    private static async Task FillBankAsync(IPage page, string iban)
    {
        await page.GetByLabel("Titulaire du compte").FillAsync("Éditeur Exemple SAS");
        await page.GetByLabel("IBAN").FillAsync(iban);
        await page.GetByLabel("BIC").FillAsync("AGRIFRPP");
    }

    private static async Task ChooseAsync(IPage page, string document, string fileName, byte[] content)
    {
        var button = page.GetByRole(AriaRole.Button, new() { Name = $"Choisir un fichier : {document}", Exact = true });
        var chooser = await page.RunAndWaitForFileChooserAsync(() => button.ClickAsync());
        await chooser.SetFilesAsync(new FilePayload { Name = fileName, MimeType = fileName.EndsWith(".png") ? "image/png" : "application/pdf", Buffer = content });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Remplacer le fichier : {document}", Exact = true })).ToBeVisibleAsync();
    }
}

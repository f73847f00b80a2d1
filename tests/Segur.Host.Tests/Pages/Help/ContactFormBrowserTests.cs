using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages.Help;

/// <summary>The Aide page's contact form in Chromium: captcha refused then answered, both e-mails read, axe on each state.</summary>
public sealed partial class ContactFormBrowserTests
{
    private const string Support = "support-segur@asp.example";
    private const string Sender = "jeanne.durand@nouvel-editeur.example";

    private const string Message =
        "Bonjour, notre import JSON du 2 mars a été refusé avec le code 12 alors que le fichier suit le schéma publié. Pouvez-vous nous aider ?";

    [Fact]
    public async Task AVisitor_WritesToSupport_AfterAWrongCaptchaAnswer_AndBothEmailsArrive()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        await using var browser = await PortalBrowser.OpenAsync(address);
        var page = browser.Page;

        await browser.GotoInteractiveAsync("/aide#contact-section");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Contact", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#contact-uid")).ToHaveValueAsync("");
        await Accessibility.AssertNoSeriousViolationAsync(page, "aide, formulaire de contact vide");

        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("Jeanne Durand");
        await page.GetByLabel("Adresse e-mail").FillAsync(Sender);
        await page.GetByLabel("SIRET (facultatif)").FillAsync("55210055400013");
        await page.Locator("#contact-theme").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Import JSON" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await page.GetByLabel("Numéro de demande (facultatif)").FillAsync("IMP-000042");
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync(Message);

        // A wrong answer: a French error on the captcha field, a new question, nothing sent.
        var firstQuestion = await page.GetByTestId("captcha-question").InnerTextAsync();
        await page.GetByLabel("Question de vérification").FillAsync("je ne sais pas");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("contact-problems")).ToContainTextAsync(
            "La réponse à la question de vérification est inexacte", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(page.Locator("#contact-captcha-label ~ * .mud-input-helper-text")).ToContainTextAsync("inexacte");
        await Assertions.Expect(page.GetByTestId("captcha-question")).Not.ToHaveTextAsync(firstQuestion);
        await Assertions.Expect(page.GetByLabel("Question de vérification")).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByLabel("Message", new() { Exact = true })).ToHaveValueAsync(Message);
        await browser.ScreenshotAsync("contact-01-captcha-refuse");
        await Accessibility.AssertNoSeriousViolationAsync(page, "aide, réponse de vérification refusée");

        // The right answer: sent, with its reference; the form is empty again.
        var question = await page.GetByTestId("captcha-question").InnerTextAsync();
        await page.GetByLabel("Question de vérification").FillAsync(CaptchaAnswers.Solve(question));
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();
        var confirmation = page.GetByRole(AriaRole.Status).GetByTestId("contact-confirmation");
        await Assertions.Expect(confirmation).ToContainTextAsync("Votre message a été envoyé.", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(confirmation).ToContainTextAsync($"a été envoyé à {Sender}");
        var reference = await page.GetByTestId("contact-reference").InnerTextAsync();
        Assert.Matches(Reference(), reference);
        await Assertions.Expect(page.GetByTestId("contact-problems")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByLabel("Message", new() { Exact = true })).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByLabel("Adresse e-mail")).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByLabel("Question de vérification")).ToHaveValueAsync("");
        await browser.ScreenshotAsync("contact-02-message-envoye");
        await Accessibility.AssertNoSeriousViolationAsync(page, "aide, message envoyé");

        var toSupport = await app.Mailbox.WaitForAsync(Support, $"[{reference}] Contact – Import JSON – Jeanne Durand");
        Assert.Equal([Sender], toSupport.ReplyTo.Mailboxes.Select(m => m.Address));
        Assert.Contains(Message, toSupport.TextBody);
        Assert.Contains("SIRET : 55210055400013", toSupport.TextBody);
        Assert.Contains("Numéro de demande : IMP-000042", toSupport.TextBody);
        Assert.Contains("Compte connecté : aucun (visiteur non connecté)", toSupport.TextBody);

        var acknowledgement = await app.Mailbox.WaitForAsync(Sender, $"Portail Ségur – votre message {reference} a bien été reçu");
        Assert.StartsWith("Bonjour Jeanne Durand,", acknowledgement.TextBody);
        Assert.Contains($"Sa référence est {reference}", acknowledgement.TextBody);
        Assert.Contains("Thème : Import JSON", acknowledgement.TextBody);
        Assert.Contains(Message, acknowledgement.TextBody);
        Assert.Equal([Support], acknowledgement.ReplyTo.Mailboxes.Select(m => m.Address));

        // The refused attempt sent nothing: these two are the only e-mails to either address.
        var mails = app.Mailbox.All();
        Assert.True(mails.Count(m => m.To.Mailboxes.Any(a => a.Address is Support or Sender)) == 2,
            string.Join(" | ", mails.Select(m => $"{m.To} {m.Subject}")));
    }

    [Fact]
    public async Task ASignedInSupplier_FindsItsUidAndAddressFilledIn_AndSupportSeesItsAccount()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers[0];
        await using var browser = await SupplierBrowser.SignInAsync(address, supplier);
        var page = browser.Page;

        await browser.GoToInteractiveAsync("/aide");

        await Assertions.Expect(page.GetByLabel("Identifiant UID (facultatif)")).ToHaveValueAsync(supplier.Uid);
        await Assertions.Expect(page.GetByLabel("Adresse e-mail")).ToHaveValueAsync("contact@cabinet-logiciels.example");
        await browser.CheckAsync("contact-03-fournisseur-connecte", "aide, fournisseur connecté");

        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync("Marc Lefèvre");
        await page.Locator("#contact-theme").ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = "Paiements" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Listbox)).ToHaveCountAsync(0);
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Le paiement de notre avance décidée n'apparaît pas encore.");
        var question = await page.GetByTestId("captcha-question").InnerTextAsync();
        await page.GetByLabel("Question de vérification").FillAsync(CaptchaAnswers.Solve(question));
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("contact-reference")).ToHaveTextAsync(Reference(), new() { Timeout = PortalBrowser.SlowTimeout });
        // Reset to what a signed-in supplier starts with.
        await Assertions.Expect(page.GetByLabel("Identifiant UID (facultatif)")).ToHaveValueAsync(supplier.Uid);
        var toSupport = await app.Mailbox.WaitForAsync(Support, "Contact – Paiements – Marc Lefèvre");
        Assert.Contains($"Identifiant UID : {supplier.Uid}", toSupport.TextBody);
        Assert.Contains($"Compte connecté : {supplier.Uid}", toSupport.TextBody);
        Assert.Equal(["contact@cabinet-logiciels.example"], toSupport.ReplyTo.Mailboxes.Select(m => m.Address));
    }

    [GeneratedRegex(@"^CT-20\d{2}-\d{6}$")]
    private static partial Regex Reference();
}

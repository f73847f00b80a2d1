using System.Text.RegularExpressions;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Host.Tests.Journeys;

/// <summary>
/// Issue 8's journey in two real browsers, the supplier's and the Gestionnaire's: the supplier imports and completes a request;
/// staff claim its task in the inbox and ask for a named document through the action panel; the supplier adds it from the
/// request's page; staff validate, decide, put into payment and record the payment; the supplier sees "Paiement effectué" and
/// downloads the avis de paiement, whose amounts are read back from the PDF. The e-mails are read from the SMTP server at each
/// step; every page is checked with axe and photographed into artifacts/ (parcours-asp-*.png).
/// </summary>
public sealed class InstructionJourneyTests
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    [Fact]
    public async Task ASupplierRequest_IsInstructedDecidedAndPaid_ByStaffInTheBrowser_AndTheSupplierDownloadsItsAvisDePaiement()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        var supplier = app.Demo.Suppliers.Single(s => s.Uid == "FRN100001");
        var gestionnaire = app.Demo.Staff[0];
        await using var supplierBrowser = await SupplierBrowser.SignInAsync(address, supplier);
        var sp = supplierBrowser.Page;
        sp.SetDefaultTimeout(PortalBrowser.SlowTimeout);

        // The supplier imports the sample file and completes its first request (the two others stay "Non complétée").
        await supplierBrowser.GoToInteractiveAsync("/imports/nouveau");
        await FileInputs.ChooseAsync(sp.Locator("input[data-testid=json-file]:not(.d-none)"), new FilePayload
        {
            Name = SampleImport.FileName, MimeType = "application/json", Buffer = SampleImport.For(supplier),
        });
        await Assertions.Expect(sp.GetByTestId("chosen-file")).ToContainTextAsync(SampleImport.FileName);
        await sp.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true }).ClickAsync();
        await Assertions.Expect(sp.GetByTestId("import-notice")).ToContainTextAsync("3 demandes retenues");
        await sp.GetByTestId("to-documents").ClickAsync();
        var editeur = SampleImport.NumerosEditeur[0];
        var card = sp.GetByTestId($"request-{editeur}");
        await FileInputs.ChooseAsync(card.Locator("input[type=file]:not(.d-none)"), new FilePayload
        {
            Name = editeur + ".pdf", MimeType = "application/pdf", Buffer = SampleImport.Pdf(editeur),
        });
        await card.GetByRole(AriaRole.Button, new() { Name = "Déposer la pièce" }).ClickAsync();
        await Assertions.Expect(card.GetByTestId("status")).ToHaveTextAsync("En cours", new() { Timeout = PortalBrowser.SlowTimeout });
        await supplierBrowser.CheckAsync("parcours-asp-01-demande-completee", "import, pièce déposée");

        var (numero, email) = await RequestAsync(app, editeur);
        Assert.DoesNotContain(app.Mailbox.All(), m => (m.Subject ?? "").Contains(numero, StringComparison.Ordinal));

        // Staff: the inbox lists the instruction task; "Traiter" takes it and opens the request.
        await using var staffBrowser = await PortalBrowser.OpenAsync(address);
        var gp = staffBrowser.Page;
        gp.SetDefaultTimeout(PortalBrowser.SlowTimeout);
        await staffBrowser.SignInAsync(gestionnaire.Uid, gestionnaire.Password);
        await staffBrowser.GotoInteractiveAsync("/taches");
        var task = gp.GetByTestId("tasks-table").Locator("tbody tr").Filter(new() { HasText = numero });
        await Assertions.Expect(task.GetByTestId("task-label")).ToHaveTextAsync("Instruire la demande");
        await Assertions.Expect(task.GetByTestId("task-holder")).ToHaveTextAsync("—");
        await staffBrowser.ScreenshotAsync("parcours-asp-02-corbeille");
        await Accessibility.AssertNoSeriousViolationAsync(gp, "corbeille de tâches");
        // Taking a task one already holds only opens it: a click the busy circuit lost can be clicked again.
        await Clicks.UntilAddressAsync(gp, task.GetByTestId("open-task"), new Regex($"/instruction/{numero}$"));

        await staffBrowser.WaitForInteractivityAsync();
        var requestActions = gp.GetByTestId("actions-FinancingRequest");
        await Assertions.Expect(requestActions.GetByTestId("task-holder")).ToContainTextAsync("prise par vous");

        // Staff ask for a named document through the action panel: the request waits, the supplier is mailed the name.
        const string asked = "Bon de commande signé par le Dr Claire Durand";
        await requestActions.GetByTestId("action-DemanderPiece").ClickAsync();
        await gp.Locator("#champ-FinancingRequest-piece").FillAsync(asked);
        await staffBrowser.ScreenshotAsync("parcours-asp-03-demande-de-piece");
        await Accessibility.AssertNoSeriousViolationAsync(gp, "instruction, demande de pièce");
        await requestActions.GetByTestId("confirm-action").ClickAsync();
        await Assertions.Expect(gp.GetByTestId("statut")).ToHaveTextAsync("En attente de pièce jointe complémentaire", new() { Timeout = PortalBrowser.SlowTimeout });
        var askedMail = await app.Mailbox.WaitForAsync(email, $"Demande {numero} : pièce justificative complémentaire");
        Assert.Contains(asked, askedMail.TextBody);

        // The supplier reads what was asked on its request page and adds the document: back to "En cours".
        await supplierBrowser.GoToInteractiveAsync($"/demandes/{numero}");
        await Assertions.Expect(sp.GetByTestId("piece-demandee")).ToHaveTextAsync(asked);
        await supplierBrowser.CheckAsync("parcours-asp-04-piece-demandee", "demande en attente de pièce");
        await FileInputs.ChooseAsync(sp.GetByTestId("staff-request").Locator("input[data-testid=documents-input]"), new FilePayload
        {
            Name = "bon-de-commande-signe.pdf", MimeType = "application/pdf", Buffer = TestFiles.Pdf("Bon de commande signé"),
        });
        await sp.GetByTestId("staff-request").GetByTestId("send-documents").ClickAsync();
        await Assertions.Expect(sp.GetByTestId("documents-added")).ToContainTextAsync("En cours", new() { Timeout = PortalBrowser.SlowTimeout });
        await Assertions.Expect(sp.GetByTestId("statut")).ToHaveTextAsync("En cours");
        await supplierBrowser.CheckAsync("parcours-asp-05-piece-ajoutee", "pièce ajoutée");
        Assert.Single(app.Mailbox.All(), m => (m.Subject ?? "").Contains(numero, StringComparison.Ordinal));

        // Staff see the new document, take the new instruction task and validate: the retained amounts appear.
        await staffBrowser.GotoInteractiveAsync($"/instruction/{numero}");
        await Assertions.Expect(gp.GetByTestId("stored-documents")).ToContainTextAsync("bon-de-commande-signe.pdf");
        await Assertions.Expect(gp.GetByTestId("stored-documents").GetByTestId("download-document").First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^/instruction/pieces/"));
        requestActions = gp.GetByTestId("actions-FinancingRequest");
        await requestActions.GetByTestId("claim-task").ClickAsync();
        await Assertions.Expect(requestActions.GetByTestId("task-holder")).ToContainTextAsync("prise par vous");
        await requestActions.GetByTestId("action-Valider").ClickAsync();
        await requestActions.GetByTestId("confirm-action").ClickAsync();
        await Assertions.Expect(gp.GetByTestId("statut")).ToHaveTextAsync("Validée", new() { Timeout = PortalBrowser.SlowTimeout });
        var decided = await DecidedAsync(app, numero);
        await Assertions.Expect(gp.GetByTestId("montant-decide")).ToContainTextAsync(Amount(decided));
        await staffBrowser.ScreenshotAsync("parcours-asp-06-validee");
        await Accessibility.AssertNoSeriousViolationAsync(gp, "instruction, demande validée");

        // Decide: the décision d'attribution is mailed with the amount, and a versement is offered to put into payment.
        requestActions = gp.GetByTestId("actions-FinancingRequest");
        await requestActions.GetByTestId("action-Decider").ClickAsync();
        await requestActions.GetByTestId("confirm-action").ClickAsync();
        await Assertions.Expect(gp.GetByTestId("statut")).ToHaveTextAsync("Décidée", new() { Timeout = PortalBrowser.SlowTimeout });
        var decisionMail = await app.Mailbox.WaitForAsync(email, $"Demande {numero} : décision de financement");
        Assert.Contains(decided.ToString("0.00", French), decisionMail.TextBody);

        var paymentActions = gp.GetByTestId("actions-Payment");
        await paymentActions.GetByTestId("action-MettreEnPaiement").ClickAsync();
        await paymentActions.GetByTestId("confirm-action").ClickAsync();
        await Assertions.Expect(gp.GetByTestId("etat-paiement")).ToHaveTextAsync("Paiement en cours", new() { Timeout = PortalBrowser.SlowTimeout });

        // Record the payment: amount and date through the fields the payment definition declares.
        paymentActions = gp.GetByTestId("actions-Payment");
        await paymentActions.GetByTestId("action-EnregistrerPaiement").ClickAsync();
        await gp.Locator("#champ-Payment-montantPaye").FillAsync(decided.ToString("0.00", French));
        await gp.Locator("#champ-Payment-datePaiement").FillAsync("01/12/2026");
        await gp.Locator("#champ-Payment-datePaiement").PressAsync("Tab");
        await staffBrowser.ScreenshotAsync("parcours-asp-07-enregistrement-paiement");
        await Accessibility.AssertNoSeriousViolationAsync(gp, "instruction, enregistrement du paiement");
        await paymentActions.GetByTestId("confirm-action").ClickAsync();
        await Assertions.Expect(gp.GetByTestId("etat-paiement")).ToHaveTextAsync("Paiement effectué", new() { Timeout = PortalBrowser.SlowTimeout });
        var paidMail = await app.Mailbox.WaitForAsync(email, $"Demande {numero} : paiement effectué");
        Assert.Contains("01/12/2026", paidMail.TextBody);
        await gp.GetByRole(AriaRole.Tab, new() { Name = "Journal", Exact = false }).ClickAsync();
        var journal = gp.GetByTestId("journal");
        foreach (var trigger in new[] { "(CompleterPieces)", "(DemanderPiece)", "(AjouterPiece)", "(Valider)", "(Decider)", "(MettreEnPaiement)", "(EnregistrerPaiement)" })
        {
            await Assertions.Expect(journal).ToContainTextAsync(trigger);
        }

        await staffBrowser.ScreenshotAsync("parcours-asp-08-journal");

        // The supplier sees "Paiement effectué" and downloads the avis de paiement from its request's follow-up.
        await supplierBrowser.GoToInteractiveAsync($"/demandes/{numero}");
        await Assertions.Expect(sp.GetByTestId("statut")).ToHaveTextAsync("Décidée");
        await Assertions.Expect(sp.GetByTestId("etat-paiement")).ToHaveTextAsync("Paiement effectué");
        await sp.GetByRole(AriaRole.Button, new() { Name = "Suivi financier" }).ClickAsync();
        var avis = sp.GetByTestId("avis-de-paiement");
        await Assertions.Expect(avis).ToBeVisibleAsync();
        await Assertions.Expect(sp.GetByTestId("payments")).ToContainTextAsync("Paiement effectué");
        await supplierBrowser.CheckAsync("parcours-asp-09-paiement-effectue", "demande payée");

        var download = await sp.RunAndWaitForDownloadAsync(() => avis.ClickAsync());
        Assert.Equal($"avis-de-paiement-avance-{numero}.pdf", download.SuggestedFilename);
        var pdf = await File.ReadAllBytesAsync(await download.PathAsync());
        await File.WriteAllBytesAsync(Path.Combine(Chromium.ArtifactsFolder, "parcours-asp-avis-de-paiement.pdf"), pdf);
        var text = PdfText.Read(pdf);
        Assert.Contains("Avis de paiement", text);
        Assert.Contains($"la somme de {Amount(decided)} a été versée le 01/12/2026", text);
        Assert.Contains(numero, text);
        Assert.Contains(editeur, text);
        Assert.Contains(supplier.Siret, text);
    }

    private static async Task<(string NumeroAsp, string Email)> RequestAsync(SegurApp app, string numeroEditeur)
    {
        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var request = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.NumeroEditeur == numeroEditeur);
        return (request.NumeroAsp, request.EmailContact);
    }

    private static async Task<decimal> DecidedAsync(SegurApp app, string numeroAsp)
    {
        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        return (await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.NumeroAsp == numeroAsp)).MontantDecide!.Value;
    }

    /// <summary>"1 234,56 €" with plain spaces, as <see cref="PdfText"/> and the pages' text read it.</summary>
    private static string Amount(decimal value) => value.ToString("N2", French).Replace('\u202F', ' ').Replace('\u00A0', ' ') + " €";
}

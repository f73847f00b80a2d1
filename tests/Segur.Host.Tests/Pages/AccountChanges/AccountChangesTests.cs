using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.AccountChanges;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Instruction;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Pages.AccountChanges;

/// <summary>"Mon compte" changes and document templates, each through its own definition: supplier submits, staff decide, history and e-mail show it.</summary>
public sealed class AccountChangesTests : IAsyncLifetime
{
    /// <summary>A French IBAN whose key is right; the demo's own is FR76 3000 4000 0312 3456 7890 143.</summary>
    private const string NewIban = "FR76 1010 7001 0112 3456 7890 129";

    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private DemoSupplier Wave2 => _app.Demo.Suppliers[0];

    private DemoSupplier Wave1 => _app.Demo.Suppliers[1];

    private static IncomingFile Pdf(string name = "rib.pdf") => new(name, new MemoryStream(TestFiles.Pdf()));

    private Task<FireResult> StaffAsync(string subjectType, Guid id, string trigger, string? text = null) =>
        _app.Services.GetRequiredService<SubjectActions>().FireAsync(
            subjectType, id.ToString(), trigger,
            new Dictionary<string, string?> { [trigger is "Rejeter" ? "motif" : "commentaire"] = text }, SupplierImports.Staff);

    [Fact]
    public async Task NewBankDetails_AreValidatedByStaff_ThenInForce_AndTheHistoryKeepsTheEnrolmentsMasked()
    {
        var supplier = await SupplierImports.SupplierAsync(_app, Wave2);
        var changes = _app.Services.GetRequiredService<BankDetailsChanges>();

        var id = await changes.SubmitAsync(supplier, new BankDetailsForm("Cabinet Logiciels Santé Exemple", NewIban, "bredfrpp"), Pdf());
        await _app.Mailbox.WaitForAsync("contact@cabinet-logiciels.example", "demande de modification reçue");

        // The task is in the staff inbox with no special code, and links to the review page.
        var inbox = await _app.Services.GetRequiredService<TaskInbox>().ListAsync(
            SupplierImports.Staff, new TaskFilter { SubjectType = AccountChangeStates.BankDetailsSubject }, 1, 50);
        var task = Assert.Single(inbox.Items, t => t.SubjectId == id.ToString() && t.Label == "Valider les coordonnées bancaires");
        // The inbox names the company and its SIRET, as for a request (not "—"), and filters by supplier.
        Assert.Equal((Wave2.Denomination, Wave2.Siret, Guid.Parse(supplier.SupplierId!)), (task.Denomination, task.Numero, task.SupplierId));
        var bySupplier = await _app.Services.GetRequiredService<TaskInbox>().ListAsync(
            SupplierImports.Staff, new TaskFilter { SupplierId = Guid.Parse(supplier.SupplierId!), SubjectType = AccountChangeStates.BankDetailsSubject }, 1, 50);
        Assert.Contains(bySupplier.Items, t => t.SubjectId == id.ToString());

        var result = await StaffAsync(AccountChangeStates.BankDetailsSubject, id, "Valider", "RIB conforme.");
        Assert.Equal("Validée", result.ToStateLabel);
        var mail = await _app.Mailbox.WaitForAsync("contact@cabinet-logiciels.example", "modification validée");
        Assert.Contains("se terminant par 0129", mail.TextBody);
        Assert.DoesNotContain("1234567890129", mail.TextBody);

        var history = await changes.HistoryAsync(Guid.Parse(supplier.SupplierId!));
        Assert.Equal(["Remplacées", "Validée – en vigueur"], history.Select(r => r.Statut));
        Assert.Equal("RIB conforme.", history[^1].Commentaire);
        await using (var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            var enrolmentId = await db.Enrolments.Where(e => e.NumeroAns == Wave2.NumeroAns).Select(e => e.Id).SingleAsync();
            var current = await BankDetailsChanges.CurrentAsync(db, Guid.Parse(supplier.SupplierId!), enrolmentId, default);
            Assert.Equal("FR7610107001011234567890129", current!.Iban);
        }

        using var pages = _app.Pages();
        await pages.SignInAsync(Wave2.Uid, Wave2.Password);
        var page = await pages.GetAsync("/compte/coordonnees-bancaires");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("•••• •••• •••• •••• •••• •••0 129", page.Text);
        Assert.Contains("Validée – en vigueur", page.Text);
        Assert.DoesNotContain("FR7610107001011234567890129", page.Html);
        Assert.DoesNotContain("1010 7001", page.Html);
    }

    [Fact]
    public async Task RejectedBankDetails_ShowTheMotive_AndTheEnrolmentsStayInForce()
    {
        var supplier = await SupplierImports.SupplierAsync(_app, Wave2);
        var changes = _app.Services.GetRequiredService<BankDetailsChanges>();
        var id = await changes.SubmitAsync(supplier, new BankDetailsForm("Cabinet", NewIban, "BREDFRPP"), Pdf());

        await StaffAsync(AccountChangeStates.BankDetailsSubject, id, "Rejeter", "Le RIB n'est pas au nom de la société.");

        var mail = await _app.Mailbox.WaitForAsync("contact@cabinet-logiciels.example", "modification rejetée");
        Assert.Contains("Le RIB n'est pas au nom de la société.", mail.TextBody);
        var history = await changes.HistoryAsync(Guid.Parse(supplier.SupplierId!));
        Assert.StartsWith("En vigueur", history[0].Statut);
        Assert.Equal("Rejetée", history[^1].Statut);
        Assert.Equal("Le RIB n'est pas au nom de la société.", history[^1].Commentaire);
    }

    [Fact]
    public async Task ASecondBankDetailsChange_WhileOneIsPending_IsToldAndNotStored()
    {
        var supplier = await SupplierImports.SupplierAsync(_app, Wave2);
        var changes = _app.Services.GetRequiredService<BankDetailsChanges>();
        await changes.SubmitAsync(supplier, new BankDetailsForm("Cabinet", NewIban, "BREDFRPP"), Pdf());

        var refused = await Assert.ThrowsAsync<AccountChangePendingException>(() =>
            changes.SubmitAsync(supplier, new BankDetailsForm("Cabinet", NewIban, "BREDFRPP"), Pdf()));

        Assert.Contains("déjà en attente de validation", refused.Message);
        Assert.Single(await changes.HistoryAsync(Guid.Parse(supplier.SupplierId!)), r => r.ChangeId is not null);
    }

    [Theory]
    [InlineData("FR76 3000 6000 0112 3456 7890 180", "BREDFRPP", "IBAN : la clé de contrôle ne correspond pas")]
    [InlineData("FR76 3000 6000 0112 3456 7890 18", "BREDFRPP", "IBAN : un IBAN FR compte 27 caractères, celui-ci en compte 26.")]
    [InlineData("DE89 3704 0044 0532 0130 001", "BREDFRPP", "IBAN : un IBAN DE compte 22 caractères")]
    [InlineData("FR7630006000011234567890189", "BRED1RPP", "BIC : 8 ou 11 caractères sont attendus, 6 lettres")]
    [InlineData("FR7630006000011234567890189", "BREDFRP", "BIC : 8 ou 11 caractères")]
    public async Task BadBankDetails_AreRefused_SayingWhatIsWrong_AndNothingIsStored(string iban, string bic, string message)
    {
        var supplier = await SupplierImports.SupplierAsync(_app, Wave2);
        var changes = _app.Services.GetRequiredService<BankDetailsChanges>();

        var refused = await Assert.ThrowsAsync<AccountChangeRefusedException>(() => changes.SubmitAsync(supplier, new BankDetailsForm("Cabinet", iban, bic), Pdf()));

        Assert.Contains(refused.Problems, p => p.StartsWith(message, StringComparison.Ordinal));
        Assert.DoesNotContain(await changes.HistoryAsync(Guid.Parse(supplier.SupplierId!)), r => r.ChangeId is not null);
    }

    [Fact]
    public async Task AJustificationThatIsNotAPdfOrAnImage_IsRefused_WhateverItsName()
    {
        var supplier = await SupplierImports.SupplierAsync(_app, Wave2);
        var changes = _app.Services.GetRequiredService<BankDetailsChanges>();
        var fake = new IncomingFile("rib.pdf", new MemoryStream("<html>pas un RIB</html>"u8.ToArray()));

        var refused = await Assert.ThrowsAsync<AccountChangeRefusedException>(() => changes.SubmitAsync(supplier, new BankDetailsForm("Cabinet", NewIban, "BREDFRPP"), fake));

        Assert.Contains("RIB (justificatif des coordonnées bancaires) : « rib.pdf » n'est pas un PDF, un JPEG ni un PNG valide.", refused.Problems);
        Assert.False(Directory.Exists(Path.Combine(_app.DataDirectory, "files", "compte")) &&
                     Directory.EnumerateFiles(Path.Combine(_app.DataDirectory, "files", "compte"), "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task ANewLegalRepresentative_WithIdAndMandate_IsValidatedByStaff_AndBecomesTheCurrentOne()
    {
        var supplier = await SupplierImports.SupplierAsync(_app, Wave2);
        var changes = _app.Services.GetRequiredService<PersonsChanges>();
        var supplierId = Guid.Parse(supplier.SupplierId!);
        Assert.Equal("Durand", (await changes.CurrentAsync(supplierId)).RepresentantLegal!.Nom);

        var missing = await Assert.ThrowsAsync<AccountChangeRefusedException>(() => changes.SubmitAsync(
            supplier, new Person("Bernard", "Alice", "alice.bernard@cabinet.example", ""), new Person("Petit", "Léo", "leo.petit@cabinet.example", ""),
            new Dictionary<string, IncomingFile> { [AccountDocumentKind.PieceIdentite] = Pdf("cni.pdf") }));
        Assert.Contains("Mandat du déposant (si le déposant n'est pas le représentant légal) : pièce manquante.", missing.Problems);

        var id = await changes.SubmitAsync(
            supplier, new Person("Bernard", "Alice", "alice.bernard@cabinet.example", "01 02 03 04 05"), new Person("Petit", "Léo", "leo.petit@cabinet.example", ""),
            new Dictionary<string, IncomingFile> { [AccountDocumentKind.PieceIdentite] = Pdf("cni.pdf"), [AccountDocumentKind.Mandat] = Pdf("mandat.pdf") });
        Assert.Equal("En attente de validation", (await changes.HistoryAsync(supplierId))[^1].Statut);
        var task = Assert.Single((await _app.Services.GetRequiredService<TaskInbox>().ListAsync(
            SupplierImports.Staff, new TaskFilter { SubjectType = AccountChangeStates.PersonsSubject }, 1, 50)).Items, t => t.SubjectId == id.ToString());
        Assert.Equal((Wave2.Denomination, Wave2.Siret), (task.Denomination, task.Numero));

        await StaffAsync(AccountChangeStates.PersonsSubject, id, "Valider");

        await _app.Mailbox.WaitForAsync("contact@cabinet-logiciels.example", "Personnes physiques : modification validée");
        var current = await changes.CurrentAsync(supplierId);
        Assert.Equal(("Bernard", "Petit"), (current.RepresentantLegal!.Nom, current.Deposant!.Nom));
        var history = await changes.HistoryAsync(supplierId);
        Assert.Equal(["Remplacées", "Validée – en vigueur"], history.Select(r => r.Statut));
        Assert.Equal(2, history[^1].Documents.Count);

        using var pages = _app.Pages();
        await pages.SignInAsync(Wave2.Uid, Wave2.Password);
        var page = await pages.GetAsync("/compte/personnes");
        Assert.Contains("Alice Bernard", page.TextOf("[data-testid=current-representant]"));
        Assert.Contains("Validée – en vigueur", page.TextOf("[data-testid=persons-history]"));
    }

    [Fact]
    public async Task ATemplate_IsUploadedThenConfirmed_AndStaffRejectItWithAComment()
    {
        var supplier = await SupplierImports.SupplierAsync(_app, Wave2);
        var templates = _app.Services.GetRequiredService<DocumentTemplates>();
        var supplierId = Guid.Parse(supplier.SupplierId!);

        var dropped = await templates.UploadAsync(supplier, "Facture", Pdf("brouillon.pdf"));
        var kept = await templates.UploadAsync(supplier, "Bon de commande", Pdf("bon-de-commande.pdf"));
        var listed = await templates.ListAsync(supplierId);
        Assert.All(listed, r => Assert.Null(r.Statut));
        await templates.DeleteAsync(supplier, dropped);
        Assert.Equal([kept], (await templates.ListAsync(supplierId)).Select(r => r.Id));

        await templates.ConfirmAsync(supplier, kept);
        Assert.Equal("À instruire", (await templates.ListAsync(supplierId)).Single().Statut);
        var task = Assert.Single((await _app.Services.GetRequiredService<TaskInbox>().ListAsync(
            SupplierImports.Staff, new TaskFilter { SubjectType = AccountChangeStates.TemplateSubject }, 1, 50)).Items, t => t.SubjectId == kept.ToString());
        Assert.Equal((Wave2.Denomination, "bon-de-commande.pdf", supplierId), (task.Denomination, task.Numero, task.SupplierId));
        await Assert.ThrowsAsync<BusinessRuleException>(() => templates.DeleteAsync(supplier, kept));

        await StaffAsync(AccountChangeStates.TemplateSubject, kept, "Rejeter", "Le numéro de SIRET doit figurer sur le bon de commande.");

        var row = (await templates.ListAsync(supplierId)).Single();
        Assert.Equal(("Rejeté", "Le numéro de SIRET doit figurer sur le bon de commande."), (row.Statut, row.Commentaire));
        await _app.Mailbox.WaitForAsync("contact@cabinet-logiciels.example", "Modèle de pièce rejeté : Bon de commande");

        using var pages = _app.Pages();
        await pages.SignInAsync(Wave2.Uid, Wave2.Password);
        var page = await pages.GetAsync("/modeles");
        Assert.Contains("Rejeté", page.TextOf("[data-testid=templates-history]"));
        Assert.Contains("Le numéro de SIRET doit figurer", page.Text);
    }

    [Fact]
    public async Task ATemplateOfTheWrongFormatOrSize_IsRefused()
    {
        var supplier = await SupplierImports.SupplierAsync(_app, Wave2);
        var templates = _app.Services.GetRequiredService<DocumentTemplates>();
        var max = _app.Services.GetRequiredService<AccountFiles>().MaxBytes;

        var wrong = await Assert.ThrowsAsync<AccountChangeRefusedException>(() =>
            templates.UploadAsync(supplier, "Facture", new IncomingFile("facture.docx", new MemoryStream("PK\u0003\u0004word"u8.ToArray()))));
        var big = await Assert.ThrowsAsync<AccountChangeRefusedException>(() =>
            templates.UploadAsync(supplier, "Facture", new IncomingFile("facture.pdf", new MemoryStream([.. "%PDF-1.7\n"u8, .. new byte[max]]))));

        Assert.Contains("Modèle : « facture.docx » n'est pas un PDF, un JPEG ni un PNG valide.", wrong.Problems);
        Assert.Contains(big.Problems, p => p.StartsWith("Modèle : « facture.pdf » dépasse", StringComparison.Ordinal));
        Assert.Empty(await templates.ListAsync(Guid.Parse(supplier.SupplierId!)));
    }

    [Fact]
    public async Task TheTemplatesMenu_ShowsOnlyForAWave2Supplier()
    {
        using var wave2 = _app.Pages();
        await wave2.SignInAsync(Wave2.Uid, Wave2.Password);
        using var wave1 = _app.Pages();
        await wave1.SignInAsync(Wave1.Uid, Wave1.Password);

        Assert.NotNull((await wave2.GetAsync("/accueil")).Find("nav[aria-label='Menu principal'] a[href='/modeles']"));
        Assert.Null((await wave1.GetAsync("/accueil")).Find("nav[aria-label='Menu principal'] a[href='/modeles']"));
        Assert.Contains("aucun de vos enrôlements n'en relève", (await wave1.GetAsync("/modeles")).Text);
        await Assert.ThrowsAsync<TemplatesNotOpenException>(async () =>
            await _app.Services.GetRequiredService<DocumentTemplates>().UploadAsync(await SupplierImports.SupplierAsync(_app, Wave1), "Facture", Pdf()));
    }

    [Fact]
    public async Task AnotherSuppliersDocument_AnswersNotFound_AndStaffOpenIt()
    {
        var id = await _app.Services.GetRequiredService<BankDetailsChanges>().SubmitAsync(
            await SupplierImports.SupplierAsync(_app, Wave2), new BankDetailsForm("Cabinet", NewIban, "BREDFRPP"), Pdf());
        Guid documentId;
        await using (var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            documentId = await db.AccountChangeDocuments.Where(d => d.ChangeId == id).Select(d => d.Id).SingleAsync();
        }

        using var owner = _app.Pages();
        await owner.SignInAsync(Wave2.Uid, Wave2.Password);
        using var other = _app.Pages();
        await other.SignInAsync(Wave1.Uid, Wave1.Password);
        using var staff = _app.Pages();
        await staff.SignInAsync(_app.Demo.Staff[0].Uid, _app.Demo.Staff[0].Password);

        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync($"/compte/pieces/{documentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/compte/pieces/{documentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Http.GetAsync($"/compte/pieces/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.Http.GetAsync($"/compte/pieces/{documentId}")).StatusCode);

        // The staff's review page is the only one that shows the whole IBAN.
        var review = await staff.GetAsync($"/instruction/compte/coordonnees-bancaires/{id}");
        Assert.Equal("FR76 1010 7001 0112 3456 7890 129", review.TextOf("[data-testid=iban-full]"));
    }

    [Fact]
    public async Task TheBankDetailsForm_PostedWithoutItsAntiforgeryToken_IsRefused()
    {
        using var pages = _app.Pages();
        await pages.SignInAsync(Wave2.Uid, Wave2.Password);

        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "coordonnees-bancaires", ["Iban"] = NewIban });
        using var response = await pages.Http.PostAsync("/compte/coordonnees-bancaires", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(await _app.Services.GetRequiredService<BankDetailsChanges>().HistoryAsync(
            Guid.Parse((await SupplierImports.SupplierAsync(_app, Wave2)).SupplierId!)), r => r.ChangeId is not null);
    }
}

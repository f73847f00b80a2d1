using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Accounts;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Pages.Answers;

/// <summary>The supplier answers staff (a document, a correction, a cancellation) and staff instruct enrolments, in the running Host.</summary>
public sealed class SupplierAnswersTests
{
    [Fact]
    public async Task TheSupplierSeesTheDocumentAsked_AndAddingIt_SendsTheRequestBackEnCours()
    {
        await using var app = SegurApp.Start();
        var demo = app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(app, demo, "REP-001"))[0];
        await SupplierImports.StaffFireAsync(app, numero, FinancingTriggers.DemanderPiece,
            new Dictionary<string, object?> { ["piece"] = "Bon de commande signé par le client" });
        var supplier = await SupplierImports.SupplierAsync(app, demo);
        var answers = app.Services.GetRequiredService<RequestAnswers>();

        var asked = await answers.GetAsync(supplier, numero);
        Assert.Equal(FinancingStates.EnAttentePiece, asked.State);
        Assert.Equal("Bon de commande signé par le client", asked.Asked?.Text);

        var added = await SupplierImports.AddDocumentAsync(app, demo, numero, "bon-de-commande-signe.pdf");
        Assert.Equal("En cours", added.StatusLabel);
        Assert.Null((await answers.GetAsync(supplier, numero)).Asked);
    }

    [Fact]
    public async Task TheCorrectionForm_RefusesABadAmountWithTheImportsMessage_AndNothingChanges()
    {
        await using var app = SegurApp.Start();
        var (supplier, numero) = await RequestToCorrectAsync(app, "REP-002");
        var corrections = app.Services.GetRequiredService<RequestCorrections>();
        var (form, _, _, _) = await corrections.GetAsync(supplier, numero);

        var refused = await Assert.ThrowsAsync<CorrectionRefusedException>(() => corrections.SubmitAsync(supplier, numero, form with { MontantSegurHT = -5m }));
        Assert.Equal(["commande.montantSegurHT : doit être strictement positif"], refused.Problems);

        var future = await Assert.ThrowsAsync<CorrectionRefusedException>(() => corrections.SubmitAsync(supplier, numero, form with { DateCommande = "2099-01-01" }));
        Assert.Contains("commande.dateCommande : la date de commande (01/01/2099) est dans le futur", future.Problems);

        await using var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var request = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.NumeroAsp == numero);
        Assert.Equal((FinancingStates.AModifier, 1, 1000m), (request.Status, request.CurrentVersion, request.MontantSegurHTDeclare));
        Assert.False(await db.FinancingRequestVersions.AnyAsync(v => v.RequestId == request.Id));
    }

    [Fact]
    public async Task AGoodCorrection_MakesANewVersion_GoesBackEnCours_AndTheHistoryComparesIt()
    {
        await using var app = SegurApp.Start();
        var (supplier, numero) = await RequestToCorrectAsync(app, "REP-003");
        var corrections = app.Services.GetRequiredService<RequestCorrections>();
        var (form, _, version, _) = await corrections.GetAsync(supplier, numero);

        var saved = await corrections.SubmitAsync(supplier, numero, form with { MontantSegurHT = 900m, RegimeTva = "HT" }, version);

        Assert.Equal((2, FinancingStates.EnCours, "En cours"), (saved.Version, saved.Status, saved.StatusLabel));
        await using (var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            var request = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.NumeroAsp == numero);
            Assert.Equal((900m, "HT", 2), (request.MontantSegurHTDeclare, request.RegimeTva, request.CurrentVersion));
            var instance = await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.SubjectId == request.Id.ToString());
            var journal = await db.WorkflowJournal.AsNoTracking().Where(j => j.InstanceId == instance.Id).OrderBy(j => j.Id).LastAsync();
            Assert.Equal(FinancingTriggers.Modifier, journal.Trigger);
            Assert.Contains("Montant Ségur HT déclaré : 1 000,00 € → 900,00 €", Plain(RequestAnswers.InputOf(journal.Details, "modifications")));
        }

        var comparison = await app.Services.GetRequiredService<RequestVersions>().CompareAsync(Guid.Parse(supplier.SupplierId!), numero, 1);
        Assert.NotNull(comparison);
        Assert.Equal(("À modifier", 2), (comparison.Statut, comparison.NumeroActuel));
        var differing = comparison.Fields.Where(f => f.Differs).ToDictionary(f => f.Label, f => (Plain(f.Before), Plain(f.After)));
        Assert.Equal(("1 000,00 €", "900,00 €"), differing["Montant Ségur HT déclaré"]);
        Assert.Equal(("TTC", "HT"), differing["Régime de TVA"]);
        Assert.Contains(comparison.Fields, f => f.Label == "Date de commande" && !f.Differs);

        // Another supplier's request is not found, and a request no longer "À modifier" is not corrected twice.
        var other = await SupplierImports.SupplierAsync(app, app.Demo.Suppliers[1]);
        await Assert.ThrowsAsync<RequestNotFoundException>(() => corrections.GetAsync(other, numero));
        var again = await Assert.ThrowsAsync<CorrectionRefusedException>(() => corrections.SubmitAsync(supplier, numero, form));
        Assert.Contains("n'attend pas de correction", again.Problems.Single());
    }

    [Fact]
    public async Task TheSupplierMayCancelWhereTheDefinitionPermits()
    {
        await using var app = SegurApp.Start();
        var demo = app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(app, demo, "REP-004"))[0];
        var supplier = await SupplierImports.SupplierAsync(app, demo);
        var answers = app.Services.GetRequiredService<RequestAnswers>();

        var view = await answers.GetAsync(supplier, numero);
        Assert.Contains(view.Actions, a => a.Trigger == FinancingTriggers.Annuler);
        var fired = await answers.FireAsync(supplier, numero, FinancingTriggers.Annuler, view.InstanceVersion);

        Assert.Equal("Annulée", fired.ToStateLabel);
        Assert.Empty((await answers.GetAsync(supplier, numero)).Actions);
        await app.Mailbox.WaitForAsync("contact@cabinet-logiciels.example", $"Ségur – Demande {numero} : confirmation d'annulation");
    }

    [Fact]
    public async Task StaffAskForADocument_TheSupplierUploadsIt_AndValidatingCreatesTheAccount()
    {
        await using var app = SegurApp.Start();
        var applications = app.Services.GetRequiredService<EnrolmentApplications>();
        var company = new CompanyForm("73282932000074", "Éditeur Réponses SAS", "1 rue de la Paix, 75002 Paris", "contact@reponses.example");
        var software = SupplierEnrolments.Software("ANS-REP-0001") with
        {
            Deposant = new Person("Durand", "Luc", "luc.durand@reponses.example", "0102030405"),
            RepresentantLegal = new Person("Durand", "Luc", "luc.durand@reponses.example", "0102030405"),
        };
        var enrolmentId = await applications.SubmitFirstAsync(company, software, new Dictionary<string, IncomingFile>
        {
            [EnrolmentDocumentKind.CertificatAns] = Pdf("certificat.pdf"),
            [EnrolmentDocumentKind.PieceIdentite] = Pdf("identite.pdf"),
            [EnrolmentDocumentKind.Rib] = Pdf("rib.pdf"),
            [EnrolmentDocumentKind.AttestationTva] = Pdf("tva.pdf"),
        });
        var instruction = app.Services.GetRequiredService<EnrolmentInstruction>();
        var staff = SupplierImports.Staff;
        Assert.Contains((await instruction.ListAsync()).Items, r => r.NumeroAns == "ANS-REP-0001" && r.Statut == "En cours");

        var work = await instruction.GetWorkAsync(staff, "ANS-REP-0001");
        Assert.Equal(["DemanderPiece", "DemanderCertificat", "Valider", "Rejeter"], work.Actions.Select(a => a.Trigger));
        var ask = work.Actions.Single(a => a.Trigger == EnrolmentTriggers.DemanderPiece);
        Assert.Equal("Pièce demandée", ask.Fields.Single(f => f.Required).Label);
        await instruction.FireAsync(staff, "ANS-REP-0001", ask.Trigger, new Dictionary<string, object?> { ["piece"] = "Kbis de moins de 3 mois" }, work.InstanceVersion);
        var mail = await app.Mailbox.WaitForAsync("luc.durand@reponses.example", "Ségur – Enrôlement ANS-REP-0001 : pièce justificative à fournir");
        Assert.Contains("Kbis de moins de 3 mois", mail.TextBody);

        Guid supplierId;
        await using (var db = app.Services.GetRequiredService<SegurDatabase>().CreateContext())
        {
            supplierId = await db.Enrolments.Where(e => e.Id == enrolmentId).Select(e => e.SupplierId).SingleAsync();
        }

        var supplier = new Actor("luc.durand", [Roles.Fournisseur], supplierId.ToString());
        var answer = await instruction.GetWorkAsync(supplier, "ANS-REP-0001");
        Assert.Equal(("Kbis de moins de 3 mois", EnrolmentTriggers.AjouterPiece), (answer.Asked?.Text, answer.DocumentsTrigger));
        Assert.DoesNotContain(answer.Actions, a => a.Trigger is "Valider" or "Rejeter");
        var added = await app.Services.GetRequiredService<EnrolmentAnswers>().AddDocumentAsync(supplier, "ANS-REP-0001", Pdf("kbis.pdf"));
        Assert.Equal(("En cours", EnrolmentDocumentKind.PieceComplementaire), (added.StatusLabel, added.Kind));

        work = await instruction.GetWorkAsync(staff, "ANS-REP-0001");
        var validated = await instruction.FireAsync(staff, "ANS-REP-0001", "Valider", null, work.InstanceVersion);
        Assert.Equal("Validée", validated.ToStateLabel);
        var uid = await app.Mailbox.WaitForAsync("luc.durand@reponses.example", "Ségur – Votre identifiant de connexion au portail fournisseurs");
        await app.Mailbox.WaitForAsync("luc.durand@reponses.example", "Ségur – Votre mot de passe provisoire");
        Assert.Contains("Votre identifiant (UID) de connexion est", uid.TextBody);
    }

    [Fact]
    public async Task RejectingAnEnrolment_NeedsAMotive_AndASupplierCannotUploadUnasked()
    {
        await using var app = SegurApp.Start();
        var demo = await SupplierEnrolments.SubmitComplementaryAsync(app, app.Demo.Suppliers[0], "ANS-REP-0002");
        var instruction = app.Services.GetRequiredService<EnrolmentInstruction>();
        var supplier = await SupplierImports.SupplierAsync(app, demo);

        var unasked = await Assert.ThrowsAsync<DocumentsRefusedException>(() =>
            app.Services.GetRequiredService<EnrolmentAnswers>().AddDocumentAsync(supplier, "ANS-REP-0002", Pdf("piece.pdf")));
        Assert.Contains("ne peut pas recevoir de pièce", unasked.Message);

        var work = await instruction.GetWorkAsync(SupplierImports.Staff, "ANS-REP-0002");
        var noMotive = await Assert.ThrowsAsync<MissingInputException>(() =>
            instruction.FireAsync(SupplierImports.Staff, "ANS-REP-0002", "Rejeter", new Dictionary<string, object?> { ["motif"] = "  " }, work.InstanceVersion));
        Assert.Contains("Motif du rejet", noMotive.Message);
        Assert.Equal("En cours", (await instruction.GetWorkAsync(SupplierImports.Staff, "ANS-REP-0002")).StateLabel);

        await instruction.FireAsync(SupplierImports.Staff, "ANS-REP-0002", "Rejeter",
            new Dictionary<string, object?> { ["motif"] = "Le logiciel n'est pas référencé." }, work.InstanceVersion);
        Assert.Equal("Rejetée", (await instruction.GetWorkAsync(supplier, "ANS-REP-0002")).StateLabel);
        await Assert.ThrowsAsync<EnrolmentNotFoundException>(() =>
            instruction.GetWorkAsync(new Actor("autre", [Roles.Fournisseur], Guid.NewGuid().ToString()), "ANS-REP-0002"));
    }

    [Fact]
    public async Task ChangingTheExpiryRuleOfTheDefinition_ChangesTheDelayTheSupplierReads()
    {
        await using var app = SegurApp.Start();
        var demo = app.Demo.Suppliers[0];
        using var pages = app.Pages();
        await pages.SignInAsync(demo.Uid, demo.Password);
        Assert.Contains("supprimée automatiquement 7 jours après son import", (await pages.GetAsync("/demandes/incompletes")).Text);

        var drafts = app.Services.GetRequiredService<DefinitionDrafts>();
        var draft = await drafts.OpenAsync("financing-request", "ANA000001");
        var definition = JsonNode.Parse(draft.Json)!;
        definition["rules"]!["delaiExpirationIncomplete"] = "P10D";
        var saved = await drafts.SaveAsync("financing-request", definition.ToJsonString(), "ANA000001", draft.Token);
        Assert.Empty(saved.Problems);
        await drafts.PublishAsync("financing-request", "ANA000001", saved.Token);

        Assert.Contains("supprimée automatiquement 10 jours après son import", (await pages.GetAsync("/demandes/incompletes")).Text);
        Assert.Contains("supprimée automatiquement 10 jours après l'import", (await pages.GetAsync("/aide")).Text);

        // The rule the pages and the import read cannot be taken out of the definition.
        var next = await drafts.OpenAsync("financing-request", "ANA000001");
        definition["rules"]!.AsObject().Remove("delaiMaxCommandeAvantReferencementJours");
        var missing = (await drafts.SaveAsync("financing-request", definition.ToJsonString(), "ANA000001", next.Token)).Problems;
        Assert.Contains(missing, p => p.Message.Contains("delaiMaxCommandeAvantReferencementJours", StringComparison.Ordinal));
    }

    /// <summary>An avance "À modifier": deposited, then staff asked for corrections.</summary>
    private static async Task<(Actor Supplier, string NumeroAsp)> RequestToCorrectAsync(SegurApp app, string numeroEditeur)
    {
        var demo = app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(app, demo, numeroEditeur))[0];
        await SupplierImports.StaffFireAsync(app, numero, FinancingTriggers.DemanderCorrection,
            new Dictionary<string, object?> { ["corrections"] = "Le montant HT ne correspond pas au bon de commande." });
        return (await SupplierImports.SupplierAsync(app, demo), numero);
    }

    /// <summary>French numbers group digits with a narrow no-break space: compared here as a plain space.</summary>
    private static string Plain(string? text) => (text ?? "").Replace('\u202f', ' ').Replace('\u00a0', ' ');

    private static IncomingFile Pdf(string name) => new(name, new MemoryStream(TestFiles.Pdf()));
}

using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Financing;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Subjects;

namespace Segur.Workflows.Tests.Engine;

/// <summary>Walks every transition of the financing-request, payment and enrolment definitions, on each database.</summary>
public abstract class LifecycleScenarioTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Avance_GoesFromDepositToPayment_WithJournalAmountsAndEmails()
    {
        var (request, instance, supplier) = await NewRequestAsync(_host, declaredHT: 1000m, regimeTva: "TTC");
        Assert.Equal("NonCompletee", (await _host.InstanceAsync(instance)).State);

        await _host.FireAsync(instance, "CompleterPieces", supplier);
        await _host.FireAsync(instance, "DemanderPiece", Staff, ("piece", "Bon de commande signé"));
        var askedDocument = await _host.Mailbox.WaitForAsync(m => m.To.ToString().Contains(request.EmailContact) && (m.TextBody ?? "").Contains("Bon de commande signé"));
        Assert.Contains(request.NumeroAsp, askedDocument.TextBody + askedDocument.Subject);

        await _host.FireAsync(instance, "AjouterPiece", supplier);
        await _host.FireAsync(instance, "DemanderCorrection", Staff, ("corrections", "Le SIRET du bénéficiaire est erroné."));
        await _host.Mailbox.WaitForAsync(m => (m.TextBody ?? "").Contains("Le SIRET du bénéficiaire est erroné."));
        await _host.FireAsync(instance, "Modifier", supplier);

        // Validation through the staff inbox, as a Gestionnaire works it.
        var validated = await CompleteOpenTaskAsync(instance, "Valider");
        Assert.Equal("Validée", validated.ToStateLabel);
        await using (var db = _host.NewContext())
        {
            var amounts = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id);
            Assert.Equal(1000m, amounts.MontantRetenuHT);   // under the LGC example ceiling
            Assert.Equal(1200m, amounts.MontantRetenuTTC);  // TTC regime: HT × 1.20
            Assert.Equal(360m, amounts.MontantDecide);      // 30 % advance of the TTC engagement
            Assert.Equal(("Validee", "Validée"), (amounts.Status, amounts.StatusLabel)); // kept by the engine for lists
        }

        var decided = await CompleteOpenTaskAsync(instance, "Décider");
        Assert.Equal("Decidee", decided.ToState);

        var payment = await PaymentInstanceAsync(request.Id);
        Assert.Equal("AucunPaiement", payment.State);
        await _host.FireAsync(payment.Id, "MettreEnPaiement", Staff);
        var wrongAmount = await Assert.ThrowsAsync<BusinessRuleException>(() =>
            _host.FireAsync(payment.Id, "EnregistrerPaiement", Staff, ("montantPaye", 359.99m), ("datePaiement", "2026-10-20")));
        Assert.Contains("doit être égal au montant décidé", wrongAmount.Message);
        Assert.Equal("PaiementEnCours", (await _host.InstanceAsync(payment.Id)).State);

        var paid = await _host.FireAsync(payment.Id, "EnregistrerPaiement", Staff, ("montantPaye", 360m), ("datePaiement", "2026-10-20"));
        Assert.Equal("Paiement effectué", paid.ToStateLabel);
        await using (var db = _host.NewContext())
        {
            Assert.Equal("Paiement effectué", (await db.Payments.AsNoTracking().SingleAsync(p => p.RequestId == request.Id)).EtatLabel);
        }

        var journal = await _host.JournalAsync(instance);
        Assert.Equal(
            ["Demarrer", "CompleterPieces", "DemanderPiece", "AjouterPiece", "DemanderCorrection", "Modifier", "Valider", "Decider"],
            journal.Select(j => j.Trigger));
        Assert.Equal(Enumerable.Range(1, 8), journal.Select(j => j.Version));
        Assert.Contains("Bon de commande signé", journal[2].Details);
        Assert.Equal(["Demarrer", "MettreEnPaiement", "EnregistrerPaiement"], (await _host.JournalAsync(payment.Id)).Select(j => j.Trigger));
    }

    [Fact]
    public async Task Solde_DecidesTheRealisedAmountMinusTheAdvancePaid()
    {
        var (request, instance, supplier) = await NewRequestAsync(
            _host, type: RequestType.Solde, declaredHT: 1000m, regimeTva: "HT", invoiceHT: 5000m, advancePaid: 300m);
        await _host.FireAsync(instance, "CompleterPieces", supplier);
        await _host.FireAsync(instance, "Valider", Staff);

        await using var db = _host.NewContext();
        var amounts = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id);
        Assert.Equal(1200m, amounts.MontantRetenuHT); // invoice capped by the LGC ceiling
        Assert.Equal(900m, amounts.MontantDecide);    // 1,200 realised − 300 advance
    }

    [Fact]
    public async Task Rejection_NeedsAMotive_AndSendsIt()
    {
        var (request, instance, supplier) = await NewRequestAsync(_host);
        await _host.FireAsync(instance, "CompleterPieces", supplier);

        var missing = await Assert.ThrowsAsync<MissingInputException>(() => _host.FireAsync(instance, "Rejeter", Staff));
        Assert.Contains("Motif du rejet", missing.Message);
        Assert.Equal("EnCours", (await _host.InstanceAsync(instance)).State);

        var rejected = await _host.FireAsync(instance, "Rejeter", Staff, ("motif", "Le bénéficiaire a déjà été financé."));
        Assert.Equal("Rejetée", rejected.ToStateLabel);
        var mail = await _host.Mailbox.WaitForAsync(m => (m.TextBody ?? "").Contains("Le bénéficiaire a déjà été financé."));
        Assert.Equal(request.EmailContact, mail.To.Mailboxes.Single().Address);
    }

    [Fact]
    public async Task Cancellation_BySupplier_ArchivesTheVersion()
    {
        var (request, instance, supplier) = await NewRequestAsync(_host);
        await _host.FireAsync(instance, "CompleterPieces", supplier);
        var cancelled = await _host.FireAsync(instance, "Annuler", supplier);
        Assert.Equal("Annulée", cancelled.ToStateLabel);

        await using var db = _host.NewContext();
        var archived = await db.FinancingRequestVersions.AsNoTracking().SingleAsync(v => v.RequestId == request.Id);
        Assert.Equal("Historisée", archived.Status);
        Assert.Equal(1, archived.Number);
        var stored = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id);
        Assert.Equal(2, stored.CurrentVersion);
        Assert.True(stored.HasArchivedVersion); // the table's « Historisée » filter reads it (docs/decisions/0181)
    }

    [Theory]
    [InlineData("EnAttentePiece", "DemanderPiece", "piece")]
    [InlineData("AModifier", "DemanderCorrection", "corrections")]
    [InlineData("Validee", "Valider", null)]
    public async Task Cancellation_IsOpenToTheSupplier_FromEveryOpenStatus(string state, string trigger, string? field)
    {
        var (_, instance, supplier) = await NewRequestAsync(_host);
        await _host.FireAsync(instance, "CompleterPieces", supplier);
        await (field is null ? _host.FireAsync(instance, trigger, Staff) : _host.FireAsync(instance, trigger, Staff, (field, "x")));
        Assert.Equal(state, (await _host.InstanceAsync(instance)).State);

        Assert.Equal("Annulee", (await _host.FireAsync(instance, "Annuler", supplier)).ToState);
    }

    [Fact]
    public async Task Cancellation_AfterARecoveryOrder_IsStaffOnly()
    {
        var (_, instance, supplier) = await NewRequestAsync(_host);
        await _host.FireAsync(instance, "CompleterPieces", supplier);
        await _host.FireAsync(instance, "Valider", Staff);
        await _host.FireAsync(instance, "Decider", Staff);

        await Assert.ThrowsAsync<TriggerNotPermittedException>(() => _host.FireAsync(instance, "AnnulerApresReversement", supplier, ("motif", "x")));
        var cancelled = await _host.FireAsync(instance, "AnnulerApresReversement", Staff, ("motif", "Ordre de reversement total n° 42"));
        Assert.Equal("Annulee", cancelled.ToState);
    }

    [Fact]
    public async Task Deletion_OfAnIncompleteRequest_IsAllowedForAnAvance_AndBlockedByTheGuardForASolde()
    {
        var (avance, avanceInstance, avanceSupplier) = await NewRequestAsync(_host);
        Assert.Contains(await _host.Runtime.GetPermittedTriggersAsync(avanceInstance, avanceSupplier), t => t.Trigger == "Supprimer");
        await _host.FireAsync(avanceInstance, "Supprimer", avanceSupplier);
        await using (var db = _host.NewContext())
        {
            Assert.NotNull((await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == avance.Id)).DeletedAt);
        }

        var (_, soldeInstance, soldeSupplier) = await NewRequestAsync(_host, type: RequestType.Solde, invoiceHT: 900m, advancePaid: 100m);
        Assert.DoesNotContain(await _host.Runtime.GetPermittedTriggersAsync(soldeInstance, soldeSupplier), t => t.Trigger == "Supprimer");
        var refused = await Assert.ThrowsAsync<TriggerNotPermittedException>(() => _host.FireAsync(soldeInstance, "Supprimer", soldeSupplier));
        Assert.Contains("Non complétée", refused.Message);
        Assert.Contains("condition", refused.Message);
        Assert.Equal("NonCompletee", (await _host.InstanceAsync(soldeInstance)).State);
    }

    [Fact]
    public async Task PermittedTriggers_DependOnTheActorsRole()
    {
        var (_, instance, supplier) = await NewRequestAsync(_host);
        await _host.FireAsync(instance, "CompleterPieces", supplier);

        var forSupplier = (await _host.Runtime.GetPermittedTriggersAsync(instance, supplier)).Select(t => t.Trigger);
        var forStaff = (await _host.Runtime.GetPermittedTriggersAsync(instance, Staff)).Select(t => t.Trigger);
        Assert.Equal(["Annuler"], forSupplier);
        Assert.Equal(["DemanderCorrection", "DemanderPiece", "Rejeter", "Valider"], forStaff.Order());
    }

    [Fact]
    public async Task ATriggerNotPermitted_IsRefused_NamingTheStateAndTheTrigger()
    {
        var (_, instance, supplier) = await NewRequestAsync(_host);

        var wrongRole = await Assert.ThrowsAsync<TriggerNotPermittedException>(() => _host.FireAsync(instance, "CompleterPieces", Staff));
        Assert.Contains("CompleterPieces", wrongRole.Message);
        Assert.Contains("Non complétée", wrongRole.Message);
        Assert.Contains("Fournisseur", wrongRole.Message);

        var unknown = await Assert.ThrowsAsync<TriggerNotPermittedException>(() => _host.FireAsync(instance, "Payer", supplier));
        Assert.Contains("« Payer »", unknown.Message);
        Assert.Contains("NonCompletee", unknown.Message);
        Assert.Single(await _host.JournalAsync(instance));
    }

    [Fact]
    public async Task Enrolment_WalksThroughDocumentAndCertificateRequests_ToValidation()
    {
        var (enrolment, instance, supplier) = await NewEnrolmentAsync(_host);
        await _host.FireAsync(instance, "DemanderPiece", Staff, ("piece", "Pièce d'identité du représentant légal"));
        await _host.Mailbox.WaitForAsync(m => (m.TextBody ?? "").Contains("Pièce d'identité du représentant légal"));
        await _host.FireAsync(instance, "AjouterPiece", supplier);
        Assert.Equal("En attente du certificat de référencement", (await _host.FireAsync(instance, "DemanderCertificat", Staff)).ToStateLabel);
        await _host.FireAsync(instance, "DeposerCertificat", supplier);
        var validated = await _host.FireAsync(instance, "Valider", Staff);

        Assert.Equal("Validée", validated.ToStateLabel);
        await _host.Mailbox.WaitForAsync(m => m.To.ToString().Contains(enrolment.EmailDeposant) && (m.TextBody ?? "").Contains(enrolment.NumeroAns) && (m.TextBody ?? "").Contains("validé"));
        Assert.Equal(6, (await _host.JournalAsync(instance)).Count);

        // The company's first validated enrolment creates its account: UID and password in two separate e-mails.
        var uidMail = await _host.Mailbox.WaitForAsync(m => (m.Subject ?? "").Contains("identifiant") && m.To.ToString().Contains(enrolment.EmailDeposant));
        var passwordMail = await _host.Mailbox.WaitForAsync(m => (m.Subject ?? "").Contains("mot de passe") && m.To.ToString().Contains(enrolment.EmailDeposant));
        await using var db = _host.NewContext();
        var account = await db.Users.AsNoTracking().SingleAsync(u => u.SupplierId == enrolment.SupplierId);
        Assert.Contains(account.UserName!, uidMail.TextBody ?? "");
        Assert.DoesNotContain(account.UserName!, passwordMail.TextBody ?? "");
        var password = System.Text.RegularExpressions.Regex.Match(passwordMail.TextBody!, @"Sg-\S+").Value;
        Assert.Equal(
            Microsoft.AspNetCore.Identity.PasswordVerificationResult.Success,
            new Microsoft.AspNetCore.Identity.PasswordHasher<Segur.Workflows.Accounts.UserAccount>().VerifyHashedPassword(account, account.PasswordHash!, password));
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.Payload.Contains(password))); // the secret does not stay in the outbox
    }

    [Fact]
    public async Task Enrolment_CanBeRejected_WithAMotive()
    {
        var (_, instance, _) = await NewEnrolmentAsync(_host);
        var rejected = await _host.FireAsync(instance, "Rejeter", Staff, ("motif", "Le certificat ANS ne correspond pas au logiciel."));
        Assert.Equal("Rejetée", rejected.ToStateLabel);
        await _host.Mailbox.WaitForAsync(m => (m.TextBody ?? "").Contains("Le certificat ANS ne correspond pas au logiciel."));
    }

    [Fact]
    public async Task TwoFiresOnOneInstance_OneWins_TheOtherGetsAClearConflict()
    {
        var (_, instance, supplier) = await NewRequestAsync(_host);
        await _host.FireAsync(instance, "CompleterPieces", supplier);
        var seen = (await _host.InstanceAsync(instance)).Version;

        var attempts = await Task.WhenAll(
            Attempt(() => _host.Runtime.FireAsync(new FireRequest(instance, "Valider", Staff) { ExpectedVersion = seen })),
            Attempt(() => _host.Runtime.FireAsync(new FireRequest(instance, "Annuler", supplier) { ExpectedVersion = seen })));

        Assert.Single(attempts, a => a is null);
        var conflict = Assert.IsType<ConcurrencyConflictException>(Assert.Single(attempts, a => a is not null));
        Assert.Contains("modifiée par une autre action", conflict.Message);
        var journal = await _host.JournalAsync(instance);
        Assert.Equal(3, journal.Count);
        Assert.Equal(journal[^1].ToState, (await _host.InstanceAsync(instance)).State);
        Assert.Equal(seen + 1, (await _host.InstanceAsync(instance)).Version);

        static async Task<Exception?> Attempt(Func<Task> fire)
        {
            try
            {
                await fire();
                return null;
            }
            catch (WorkflowException ex)
            {
                return ex;
            }
        }
    }

    private async Task<FireResult> CompleteOpenTaskAsync(Guid instance, string outcome)
    {
        await using var db = _host.NewContext();
        var task = await db.StaffTasks.AsNoTracking().SingleAsync(t => t.InstanceId == instance && t.Status == StaffTaskStatus.Open);
        return await _host.Runtime.CompleteTaskAsync(task.Id, outcome, Staff);
    }

    private async Task<WorkflowInstance> PaymentInstanceAsync(Guid requestId)
    {
        await using var db = _host.NewContext();
        var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.RequestId == requestId);
        return await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.SubjectType == "Payment" && i.SubjectId == payment.Id.ToString());
    }
}

public sealed class SqliteLifecycleScenarioTests() : LifecycleScenarioTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlLifecycleScenarioTests() : LifecycleScenarioTests(DatabaseKind.PostgreSql);

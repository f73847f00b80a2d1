using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Payments;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Decisions;

namespace Segur.Workflows.Tests.Payments;

/// <summary>Versements (VERSE001) put into payment and paid by batch through the "payment" definition.</summary>
public abstract class PaymentDeskTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private PaymentDesk Desk => _host.Services.GetRequiredService<PaymentDesk>();

    [Fact]
    public async Task ABatch_IsPutIntoPaymentThenPaid_AndItsVerse001RowsCarryEveryDateAndAmount()
    {
        var decidedAt = _host.Clock.GetUtcNow().UtcDateTime;
        var first = await DecidedAsync();
        var second = await DecidedAsync();
        var waiting = await Desk.ListAsync(PaymentDesk.NoPayment);
        Assert.Equal(2, waiting.Count);
        Assert.All(waiting, p => Assert.Equal(("avance", "Aucun paiement en cours", 360m), (p.Type, p.EtatLabel, p.MontantDecide)));

        _host.Clock.Advance(TimeSpan.FromDays(2));
        var put = await Desk.PutIntoPaymentAsync(Subjects.Staff, waiting.Select(p => p.PaymentId).ToList());
        Assert.All(put, o => Assert.True(o.Succeeded, o.Message));
        var inPayment = await Desk.ListAsync(PaymentDesk.InPayment);
        Assert.Equal(2, inPayment.Count);

        _host.Clock.Advance(TimeSpan.FromDays(5));
        var paid = await Desk.RecordAsync(Subjects.Staff, inPayment.Select(p => new PaidEntry(p.PaymentId, p.MontantDecide)).ToList(), new DateOnly(2026, 10, 20));
        Assert.All(paid, o => Assert.True(o.Succeeded, o.Message));
        Assert.Equal(["État : Paiement effectué.", "État : Paiement effectué."], paid.Select(o => o.Message));

        await using var db = _host.NewContext();
        foreach (var request in new[] { first, second })
        {
            var row = await db.Payments.AsNoTracking().SingleAsync(p => p.RequestId == request.Id);
            Assert.Equal(
                ("VERSE001", "avance", "PaiementEffectue", "Paiement effectué", 360m, 360m, new DateOnly(2026, 10, 20)),
                (Payment.Objet, row.Type, row.Etat, row.EtatLabel, row.MontantDecide, row.MontantPaye, row.DatePaiement));
            Assert.Equal(decidedAt, row.DateValidation, TimeSpan.FromSeconds(1));
            // Each of the versement's states was noted on the request: the tables' payment filters read it (decision 0203).
            Assert.Equal("Paiement effectué", (await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id)).PaymentStateLabel);
            Assert.Equal(decidedAt.AddDays(2), row.DateMiseEnPaiement!.Value, TimeSpan.FromSeconds(1));
            var journal = await _host.JournalAsync(await PaymentInstanceAsync(_host, request.Id));
            Assert.Equal(["Demarrer", "MettreEnPaiement", "EnregistrerPaiement"], journal.Select(j => j.Trigger));
        }

        await _host.Mailbox.WaitForAsync(m => (m.Subject ?? "").Contains(first.NumeroAsp) && (m.Subject ?? "").Contains("paiement effectué"));
    }

    [Fact]
    public async Task AnAmountOtherThanTheDecidedOne_IsRefusedForThatVersementOnly()
    {
        var wrong = await DecidedAsync();
        var right = await DecidedAsync();
        var waiting = await Desk.ListAsync(PaymentDesk.NoPayment);
        await Desk.PutIntoPaymentAsync(Subjects.Staff, waiting.Select(p => p.PaymentId).ToList());
        var ids = (await Desk.ListAsync(PaymentDesk.InPayment)).ToDictionary(p => p.NumeroAsp, p => p.PaymentId);

        var outcomes = await Desk.RecordAsync(
            Subjects.Staff, [new PaidEntry(ids[wrong.NumeroAsp], 359.99m), new PaidEntry(ids[right.NumeroAsp], 360m)], new DateOnly(2026, 10, 20));

        var refused = outcomes.Single(o => o.NumeroAsp == wrong.NumeroAsp);
        Assert.False(refused.Succeeded);
        Assert.Equal($"Le montant payé (359,99 €) doit être égal au montant décidé (360,00 €) pour le dossier {wrong.NumeroAsp}.", refused.Message.Replace('\u00A0', ' '));
        Assert.True(outcomes.Single(o => o.NumeroAsp == right.NumeroAsp).Succeeded);
        await using var db = _host.NewContext();
        var unpaid = await db.Payments.AsNoTracking().SingleAsync(p => p.RequestId == wrong.Id);
        Assert.Equal(("PaiementEnCours", null, null), (unpaid.Etat, unpaid.MontantPaye, unpaid.DatePaiement));
        Assert.False(await db.RequestDocuments.AnyAsync(d => d.RequestId == wrong.Id && d.TypeFichier == "AVIS_PAIEMENT"));
        Assert.True(await db.RequestDocuments.AnyAsync(d => d.RequestId == right.Id && d.TypeFichier == "AVIS_PAIEMENT"));
    }

    [Fact]
    public async Task RecordingAPayment_RequiresTheAmountAndTheDateOfPayment()
    {
        var request = await DecidedAsync();
        var payment = await PaymentInstanceAsync(_host, request.Id);
        await _host.FireAsync(payment, "MettreEnPaiement", Subjects.Staff);

        var refused = await Assert.ThrowsAsync<MissingInputException>(() =>
            _host.FireAsync(payment, "EnregistrerPaiement", Subjects.Staff, ("montantPaye", 360m)));

        Assert.Equal("L'action « Enregistrer le paiement » demande de renseigner : Date de paiement effective.", refused.Message);
        Assert.Equal("PaiementEnCours", (await _host.InstanceAsync(payment)).State);
    }

    private async Task<Workflows.Financing.FinancingRequest> DecidedAsync()
    {
        var (request, instance) = await ValidatedAsync(_host);
        await DecideAsync(_host, instance);
        return request;
    }
}

public sealed class SqlitePaymentDeskTests() : PaymentDeskTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlPaymentDeskTests() : PaymentDeskTests(DatabaseKind.PostgreSql);

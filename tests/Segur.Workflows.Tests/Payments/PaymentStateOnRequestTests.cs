using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Financing;
using Segur.Workflows.Instruction;
using Segur.Workflows.Payments;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Decisions;

namespace Segur.Workflows.Tests.Payments;

/// <summary>
/// The versement's state held on its request (docs/decisions/0203): the tables' payment-state filters read it, so it must
/// be the versement's own state after every change, written with it or not at all, and filled for the versements made
/// before the column existed.
/// </summary>
public abstract class PaymentStateOnRequestTests(DatabaseKind kind) : IAsyncLifetime
{
    private const string InPayment = "Paiement en cours";
    private const string Paid = "Paiement effectué";
    private static readonly string[] s_states = [RequestQueries.NoPayment, InPayment, Paid];
    private EngineHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private PaymentDesk Desk => _host.Services.GetRequiredService<PaymentDesk>();

    [Fact]
    public async Task EveryPaymentStateFilter_KeepsTheRequestsOfTheVersementsInThatState_AtEachStepOfTheirLifecycle()
    {
        // Four versements created by the decisions, and one validated request without any.
        var decided = new List<FinancingRequest>();
        for (var i = 0; i < 4; i++)
        {
            decided.Add(await DecidedAsync());
        }

        await ValidatedAsync(_host);
        await AssertFiltersAsync(none: 5, inPayment: 0, paid: 0);

        var waiting = await Desk.ListAsync(PaymentDesk.NoPayment);
        var put = await Desk.PutIntoPaymentAsync(Subjects.Staff, waiting.Take(3).Select(p => p.PaymentId).ToList());
        Assert.All(put, o => Assert.True(o.Succeeded, o.Message));
        await AssertFiltersAsync(none: 2, inPayment: 3, paid: 0);

        var inPayment = await Desk.ListAsync(PaymentDesk.InPayment);
        var paid = await Desk.RecordAsync(
            Subjects.Staff, inPayment.Take(2).Select(p => new PaidEntry(p.PaymentId, p.MontantDecide)).ToList(), new DateOnly(2026, 10, 20));
        Assert.All(paid, o => Assert.True(o.Succeeded, o.Message));
        await AssertFiltersAsync(none: 2, inPayment: 1, paid: 2);

        // A refused payment (another amount) leaves the versement and its request in payment.
        var refused = await Desk.RecordAsync(
            Subjects.Staff, [new PaidEntry((await Desk.ListAsync(PaymentDesk.InPayment)).Single().PaymentId, 1m)], new DateOnly(2026, 10, 21));
        Assert.False(refused.Single().Succeeded);
        await AssertFiltersAsync(none: 2, inPayment: 1, paid: 2);
    }

    [Fact]
    public async Task AWriteThatFailsAfterTheVersementChangedState_LeavesTheVersementAndItsRequestUnchangedTogether()
    {
        var request = await DecidedAsync();
        var instance = await PaymentInstanceAsync(_host, request.Id);
        var writer = _host.Services.GetRequiredService<DatabaseWriter>();

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(async scope =>
        {
            await _host.Runtime.FireInTransactionAsync(scope.Db, new FireRequest(instance, PaymentDesk.PutIntoPaymentTrigger, Subjects.Staff), scope.CancellationToken);
            throw new InvalidOperationException("Échec voulu après la mise en paiement.");
        }));

        Assert.Equal("Échec voulu après la mise en paiement.", failed.Message);
        Assert.Equal((PaymentDesk.NoPayment, RequestQueries.NoPayment, RequestQueries.NoPayment), await StatesAsync(request.Id));
        await AssertFiltersAsync(none: 1, inPayment: 0, paid: 0);

        // The same fire alone changes both.
        await _host.FireAsync(instance, PaymentDesk.PutIntoPaymentTrigger, Subjects.Staff);
        Assert.Equal((PaymentDesk.InPayment, InPayment, InPayment), await StatesAsync(request.Id));
        await AssertFiltersAsync(none: 0, inPayment: 1, paid: 0);
    }

    [Fact]
    public async Task TheMigration_WritesTheStateOfTheVersementsMadeBefore_OnTheirRequests()
    {
        var waiting = await DecidedAsync();
        var started = await DecidedAsync();
        var (without, _) = await ValidatedAsync(_host);
        await _host.FireAsync(await PaymentInstanceAsync(_host, started.Id), PaymentDesk.PutIntoPaymentTrigger, Subjects.Staff);

        // The database as before the migration (its Down drops the column), then migrated again.
        await using (var db = new SegurDatabase(_host.TestDatabase.Provider, _host.TestDatabase.ConnectionString, compiledModel: false).CreateContext())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var index = migrations.FindIndex(m => m.EndsWith("_Paystate16PaymentStateOnRequest", StringComparison.Ordinal));
            Assert.True(index > 0, "la migration Paystate16PaymentStateOnRequest est introuvable");
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[index - 1]);
            Assert.DoesNotContain(migrations[index], await db.Database.GetAppliedMigrationsAsync());
            await migrator.MigrateAsync();
        }

        Assert.Equal((PaymentDesk.NoPayment, RequestQueries.NoPayment, RequestQueries.NoPayment), await StatesAsync(waiting.Id));
        Assert.Equal((PaymentDesk.InPayment, InPayment, InPayment), await StatesAsync(started.Id));
        await using (var db = _host.NewContext())
        {
            Assert.Null(await db.FinancingRequests.Where(r => r.Id == without.Id).Select(r => r.PaymentStateLabel).SingleAsync());
        }

        await AssertFiltersAsync(none: 2, inPayment: 1, paid: 0);
    }

    /// <summary>The versement's state, the request's column (as the table shows it) and the supplier's table row's « paiement ».</summary>
    private async Task<(string Versement, string Column, string Row)> StatesAsync(Guid requestId)
    {
        await using var db = _host.NewContext();
        var etat = await db.Payments.Where(p => p.RequestId == requestId).Select(p => p.Etat).SingleAsync();
        var request = await db.FinancingRequests.Where(r => r.Id == requestId).Select(r => new { r.NumeroAsp, r.PaymentStateLabel }).SingleAsync();
        var rows = await _host.Services.GetRequiredService<RequestQueries>()
            .ListAsync(null, new RequestFilter { Numero = request.NumeroAsp }, null, 1, 10);
        return (etat, request.PaymentStateLabel ?? RequestQueries.NoPayment, rows.Items.Single().EtatPaiement);
    }

    /// <summary>
    /// Each payment state filter of the supplier's table (the query the API shares) and of the staff search keeps exactly the
    /// requests it kept when it probed the versements: those whose versement is in that state, or without one for « Aucun
    /// paiement en cours »; each row shows that state; and every request holds its versement's state.
    /// </summary>
    private async Task AssertFiltersAsync(int none, int inPayment, int paid)
    {
        await using var db = _host.NewContext();
        var versements = await db.Payments.AsNoTracking().Select(p => new { p.RequestId, p.EtatLabel }).ToListAsync();
        var requests = await db.FinancingRequests.AsNoTracking().Select(r => new { r.Id, r.NumeroAsp, r.PaymentStateLabel }).ToListAsync();
        foreach (var request in requests)
        {
            Assert.Equal(versements.SingleOrDefault(p => p.RequestId == request.Id)?.EtatLabel, request.PaymentStateLabel);
        }

        var table = _host.Services.GetRequiredService<RequestQueries>();
        var staff = _host.Services.GetRequiredService<InstructionQueries>();
        foreach (var (etat, count) in s_states.Zip([none, inPayment, paid]))
        {
            var expected = requests
                .Where(r => versements.SingleOrDefault(p => p.RequestId == r.Id)?.EtatLabel is { } label ? label == etat : etat == RequestQueries.NoPayment)
                .Select(r => r.NumeroAsp).Order().ToList();
            Assert.Equal(count, expected.Count);

            var rows = await table.ListAsync(null, new RequestFilter { EtatPaiement = etat }, null, 1, 100);
            Assert.Equal(expected, rows.Items.Select(r => r.NumeroAsp).Order());
            Assert.Equal(count, rows.Total);
            Assert.All(rows.Items, r => Assert.Equal(etat, r.EtatPaiement));

            var found = await staff.SearchAsync(new StaffRequestFilter { EtatPaiement = etat }, 1, 100);
            Assert.Equal(expected, found.Items.Select(r => r.NumeroAsp).Order());
            Assert.All(found.Items, r => Assert.Equal(etat, r.EtatPaiement));
        }
    }

    private async Task<FinancingRequest> DecidedAsync()
    {
        var (request, instance) = await ValidatedAsync(_host);
        await DecideAsync(_host, instance);
        return request;
    }
}

public sealed class SqlitePaymentStateOnRequestTests() : PaymentStateOnRequestTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlPaymentStateOnRequestTests() : PaymentStateOnRequestTests(DatabaseKind.PostgreSql);

using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Budget;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Decisions;

namespace Segur.Workflows.Tests.Budget;

/// <summary>"Décider" within the budget envelope of the definition's rule enveloppesBudgetaires, alone, at once, and in bulk.</summary>
public abstract class DecisionEnvelopeTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private DecisionDesk Desk => _host.Services.GetService(typeof(DecisionDesk)) as DecisionDesk ?? throw new InvalidOperationException();

    private EnvelopeQueries Envelopes => (EnvelopeQueries)_host.Services.GetService(typeof(EnvelopeQueries))!;

    [Fact]
    public async Task ADecision_EngagesItsAmount_AndTheRemainingEnvelopeShowsIt()
    {
        var (request, instance) = await ValidatedAsync(_host);

        var decided = await DecideAsync(_host, instance);

        Assert.Equal("Décidée", decided.ToStateLabel);
        Assert.Contains(decided.Reports, r => r.Contains("engagés sur l'enveloppe « Médecin de ville – 2026 » (MDV-2026)"));
        var envelope = (await Envelopes.ListAsync()).Single(e => e.Code == Envelope);
        Assert.Equal((EnvelopeAmount, 360m, EnvelopeAmount - 360m, true), (envelope.Montant, envelope.Engage, envelope.Restant, envelope.Ouverte));
        Assert.Equal("du 01/01/2026 au 31/12/2026", envelope.Periode);
        await using var db = _host.NewContext();
        var engagement = await db.EnvelopeEngagements.AsNoTracking().SingleAsync(e => e.RequestId == request.Id);
        Assert.Equal((Envelope, 36_000L, "GES-TEST"), (engagement.EnvelopeCode, engagement.AmountCents, engagement.EngagedBy));
    }

    [Fact]
    public async Task ADecisionOverTheEnvelope_IsRefused_NamingTheEnvelopeWhatRemainsAndTheRequestsAmount()
    {
        var (request, instance) = await ValidatedAsync(_host);
        await LeaveInEnvelopeAsync(_host, 200m);

        var refused = await Assert.ThrowsAsync<BusinessRuleException>(() => DecideAsync(_host, instance));

        Assert.Equal(
            $"Décision refusée : l'enveloppe budgétaire « Médecin de ville – 2026 » (MDV-2026) serait dépassée. " +
            $"Il y reste 200,00 € et la demande {request.NumeroAsp} a un montant décidé de 360,00 €.",
            refused.Message.Replace('\u00A0', ' '));
        Assert.Equal("Validee", (await _host.InstanceAsync(instance)).State);
        Assert.Equal(EnvelopeAmount - 200m, await EngagedAsync(_host));
        await using var db = _host.NewContext();
        Assert.False(await db.Payments.AnyAsync(p => p.RequestId == request.Id));
        Assert.False(await db.RequestDocuments.AnyAsync(d => d.RequestId == request.Id));
        Assert.False(await db.Incidents.AnyAsync(i => i.InstanceId == instance));
    }

    [Fact]
    public async Task TwoDecisionsAtOnce_OverTheEnvelope_OnlyOnePasses()
    {
        var first = await ValidatedAsync(_host);
        var second = await ValidatedAsync(_host);
        await LeaveInEnvelopeAsync(_host, 500m);

        var attempts = await Task.WhenAll(
            Task.Run(() => TryDecideAsync(first.Instance)),
            Task.Run(() => TryDecideAsync(second.Instance)));

        Assert.Single(attempts, a => a is null);
        Assert.Contains("Il y reste 140,00 €", Assert.Single(attempts, a => a is not null)!.Replace('\u00A0', ' '));
        Assert.Equal(EnvelopeAmount - 500m + 360m, await EngagedAsync(_host));
        var states = new[] { (await _host.InstanceAsync(first.Instance)).State, (await _host.InstanceAsync(second.Instance)).State };
        Assert.Equal(["Decidee", "Validee"], states.Order());
    }

    [Fact]
    public async Task ARequestOfACouloirWithNoOpenEnvelope_CannotBeDecided()
    {
        var (request, instance) = await ValidatedAsync(_host);
        await using (var db = _host.NewContext())
        {
            await db.FinancingRequests.Where(r => r.Id == request.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Couloir, "COULOIR_INCONNU"));
        }

        var refused = await Assert.ThrowsAsync<BusinessRuleException>(() => DecideAsync(_host, instance));

        Assert.Contains("aucune enveloppe budgétaire n'est ouverte le 01/10/2026 pour le couloir COULOIR_INCONNU", refused.Message);
    }

    [Fact]
    public async Task ABulkDecision_DecidesEverySelectedRequest_EachByItsOwnJournalEntry()
    {
        var requests = new[] { await ValidatedAsync(_host), await ValidatedAsync(_host), await ValidatedAsync(_host) };
        var listed = await Desk.ListAsync();
        Assert.Superset(requests.Select(r => r.Request.NumeroAsp).ToHashSet(), listed.Select(r => r.NumeroAsp).ToHashSet());
        Assert.All(listed, r => Assert.Equal((360m, Envelope), (r.MontantDecide, r.EnvelopeCode)));

        var result = await Desk.DecideAsync(Subjects.Staff, requests.Select(r => r.Request.NumeroAsp).ToList());

        Assert.Null(result.Refusal);
        Assert.Equal(3, result.Decided);
        foreach (var (request, instance) in requests)
        {
            Assert.Equal("Decider", (await _host.JournalAsync(instance)).Last().Trigger);
            Assert.Equal("GES-TEST", (await _host.JournalAsync(instance)).Last().ActorId);
        }

        Assert.Equal(3 * 360m, await EngagedAsync(_host));
        Assert.Empty(await Desk.ListAsync());
    }

    [Fact]
    public async Task ABulkDecisionOverTheEnvelope_DecidesNothing_AndSaysByHowMuch()
    {
        var first = await ValidatedAsync(_host);
        var second = await ValidatedAsync(_host);
        await LeaveInEnvelopeAsync(_host, 500m);

        var result = await Desk.DecideAsync(Subjects.Staff, [first.Request.NumeroAsp, second.Request.NumeroAsp]);

        Assert.Equal(
            "Aucune demande n'a été décidée : les 2 demandes choisies sur l'enveloppe « Médecin de ville – 2026 » (MDV-2026) totalisent 720,00 €, " +
            "il n'y reste que 500,00 €. Retirez des demandes de la sélection.",
            result.Refusal!.Replace('\u00A0', ' '));
        Assert.Empty(result.Outcomes);
        Assert.Equal("Validee", (await _host.InstanceAsync(first.Instance)).State);
        Assert.Equal("Validee", (await _host.InstanceAsync(second.Instance)).State);
        Assert.Equal(EnvelopeAmount - 500m, await EngagedAsync(_host));
    }

    private async Task<string?> TryDecideAsync(Guid instance)
    {
        try
        {
            await DecideAsync(_host, instance);
            return null;
        }
        catch (BusinessRuleException ex)
        {
            return ex.Message;
        }
    }
}

public sealed class SqliteDecisionEnvelopeTests() : DecisionEnvelopeTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlDecisionEnvelopeTests() : DecisionEnvelopeTests(DatabaseKind.PostgreSql);

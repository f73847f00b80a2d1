using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Subjects;

namespace Segur.Workflows.Tests.Engine;

/// <summary>Two Host processes' engines on one PostgreSQL database and one real RabbitMQ broker.</summary>
public sealed class DistributedTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private Mailbox _mailbox = null!;
    private EngineHost _first = null!;
    private EngineHost _second = null!;

    public async Task InitializeAsync()
    {
        var rabbitMq = Environment.GetEnvironmentVariable("SEGUR_TEST_RABBITMQ");
        if (string.IsNullOrEmpty(rabbitMq))
        {
            throw new InvalidOperationException("SEGUR_TEST_RABBITMQ is not set: run the tests with ./test.sh, which starts RabbitMQ on 127.0.0.1.");
        }

        _database = await TestDatabase.CreateAsync(DatabaseKind.PostgreSql);
        _mailbox = new Mailbox();
        _first = await EngineHost.StartNodeAsync(_database, _mailbox, rabbitMq);
        _second = await EngineHost.StartNodeAsync(_database, _mailbox, rabbitMq);
    }

    public async Task DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _mailbox.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TheSameTrigger_FiredOnTwoProcesses_AppliesOnce_AndSendsOneEmail()
    {
        var (request, instance, supplier) = await NewRequestAsync(_first);
        await _first.FireAsync(instance, "CompleterPieces", supplier);

        var outcomes = await Task.WhenAll(
            Attempt(_first.FireAsync(instance, "Rejeter", Staff, ("motif", "Doublon de la demande 17."))),
            Attempt(_second.FireAsync(instance, "Rejeter", Staff, ("motif", "Doublon de la demande 17."))));

        Assert.Single(outcomes, o => o is null);
        // The loser is told it lost (a conflict, or the action no longer possible), never an incident to retry.
        Assert.Single(outcomes, o => o is ConcurrencyConflictException or TriggerNotPermittedException);
        Assert.Single(await _first.JournalAsync(instance), j => j.Trigger == "Rejeter");
        await using (var incidents = _first.NewContext())
        {
            Assert.False(await incidents.Incidents.AnyAsync(i => i.InstanceId == instance));
        }

        await _mailbox.WaitForAsync(m => (m.TextBody ?? "").Contains("Doublon de la demande 17."));
        // A duplicate could only come from a second outbox row (the claim stops a redelivered one): once every row is
        // dispatched and each e-mail claimed, nothing more is on its way.
        await WaitForOutboxHandledAsync();
        await using (var db = _first.NewContext())
        {
            var emailType = typeof(Segur.Workflows.Engine.Mail.EmailRequested).FullName;
            var mails = await db.OutboxMessages.AsNoTracking().Where(m => m.Type == emailType && m.Payload.Contains("Doublon de la demande 17.")).ToListAsync();
            Assert.Single(mails);
            Assert.Equal(1, await db.ProcessedMessages.CountAsync(p => p.MessageId == mails[0].Id));
        }

        Assert.Single(_mailbox.Messages, m => (m.TextBody ?? "").Contains("Doublon de la demande 17.") && m.To.ToString().Contains(request.EmailContact));
    }

    [Fact]
    public async Task ATimer_SweptByTwoProcessesAtOnce_FiresOnce()
    {
        var (_, instance, _) = await NewRequestAsync(_first);
        _first.Clock.Advance(TimeSpan.FromDays(8));
        _second.Clock.Advance(TimeSpan.FromDays(8));

        await Task.WhenAll(_first.Timers.FireDueAsync(), _second.Timers.FireDueAsync());

        Assert.Equal("Supprimee", (await _first.InstanceAsync(instance)).State);
        Assert.Single(await _first.JournalAsync(instance), j => j.Trigger == "Expirer");
        await using var db = _first.NewContext();
        Assert.False(await db.WorkflowTimers.AnyAsync(t => t.InstanceId == instance));
    }

    private async Task WaitForOutboxHandledAsync()
    {
        var emailType = typeof(Segur.Workflows.Engine.Mail.EmailRequested).FullName;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using var db = _first.NewContext();
            var pending = await db.OutboxMessages.AsNoTracking().CountAsync(m => m.DeadLetteredAt == null
                && (m.DispatchedAt == null || (m.Type == emailType && !db.ProcessedMessages.Any(p => p.MessageId == m.Id))));
            if (pending == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{pending} message(s) de l'outbox encore en cours");
            await Task.Delay(50);
        }
    }

    private static async Task<Exception?> Attempt(Task fire)
    {
        try
        {
            await fire;
            return null;
        }
        catch (WorkflowException ex)
        {
            return ex;
        }
    }
}

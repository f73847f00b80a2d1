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
        Assert.Single(await _first.JournalAsync(instance), j => j.Trigger == "Rejeter");
        await _mailbox.WaitForAsync(m => (m.TextBody ?? "").Contains("Doublon de la demande 17."));
        await Task.Delay(TimeSpan.FromSeconds(2)); // room for a duplicate to arrive, if the engine sent one
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

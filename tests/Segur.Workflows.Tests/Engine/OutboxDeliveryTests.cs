using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Mail;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Engine;

/// <summary>
/// Messages on the embedded (in-memory) bus: a failing consumer is retried with back-off, its tries counted, and
/// dead-lettered after the last one; staff re-drive it; an e-mail is sent once however often it is delivered.
/// </summary>
public abstract class OutboxDeliveryTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind, services => services.AddSingleton(new OutboxRetryOptions
    {
        MaxAttempts = 3, MinInterval = TimeSpan.FromMilliseconds(20), MaxInterval = TimeSpan.FromMilliseconds(200),
    }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AMessageThatCanNeverBeConsumed_IsDeadLetteredWithItsError_AfterItsRetries_WhileTheOthersFlow()
    {
        var outbox = _host.Services.GetRequiredService<OutboxWriter>();
        await outbox.SendAsync(new EmailRequested("   ", "Sans destinataire", "Ce message ne peut pas partir.", null));
        await outbox.SendAsync(new EmailRequested("fournisseur@example.test", "Message valable", "Celui-ci part.", null));

        await _host.Mailbox.WaitForAsync(m => m.Subject == "Message valable");
        var dead = await WaitForRowAsync(m => m.DeadLetteredAt != null);
        Assert.Contains("Sans destinataire", dead.Payload);
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("recipients", dead.LastError);
        Assert.DoesNotContain(_host.Mailbox.Messages, m => m.Subject == "Sans destinataire");
    }

    [Fact]
    public async Task AFailingSend_IsRetried_CountedAndDeadLettered_ThenReDrivenByStaff_AndSentOnce()
    {
        _host.Mailbox.Refuse = m => m.Subject == "Serveur en panne";
        var outbox = _host.Services.GetRequiredService<OutboxWriter>();
        await outbox.SendAsync(new EmailRequested("fournisseur@example.test", "Serveur en panne", "Envoyé après relance.", null));

        var dead = await WaitForRowAsync(m => m.DeadLetteredAt != null);
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("SmtpCommandException", dead.LastError);

        _host.Mailbox.Refuse = null;
        Assert.True(await _host.Services.GetRequiredService<OutboxRedrive>().RedriveAsync(dead.Id));
        await _host.Mailbox.WaitForAsync(m => m.Subject == "Serveur en panne");
        var redriven = await WaitForRowAsync(m => m.Id == dead.Id && m.DispatchedAt != null && m.DeadLetteredAt == null);
        Assert.Equal(0, redriven.Attempts);
        Assert.False(await _host.Services.GetRequiredService<OutboxRedrive>().RedriveAsync(dead.Id));
        Assert.Single(_host.Mailbox.Messages, m => m.Subject == "Serveur en panne");
    }

    [Fact]
    public async Task OneEmailDeliveredSeveralTimesAtOnce_IsSentOnce()
    {
        var bus = _host.Services.GetRequiredService<IBus>();
        var consumed = new ConsumedCounter();
        using var _ = bus.ConnectConsumeMessageObserver(consumed);
        var id = Guid.NewGuid();
        var message = new EmailRequested("fournisseur@example.test", "Livré quatre fois", "Une seule fois dans la boîte.", null);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => bus.Publish(message, context => context.MessageId = id)));

        await consumed.WaitForAsync(4);
        Assert.Single(_host.Mailbox.Messages, m => m.Subject == "Livré quatre fois");
    }

    [Fact]
    public async Task ACrashBetweenPublishingAndMarkingDispatched_SendsTheEmailOnce()
    {
        var bus = _host.Services.GetRequiredService<IBus>();
        var consumed = new ConsumedCounter();
        using var _ = bus.ConnectConsumeMessageObserver(consumed);
        await _host.Services.GetRequiredService<OutboxWriter>()
            .SendAsync(new EmailRequested("fournisseur@example.test", "Publié deux fois", "Envoyé une fois.", null));
        var row = await WaitForRowAsync(m => m.DispatchedAt != null);
        await consumed.WaitForAsync(1);

        // As if the process had died after publishing and before recording it: another dispatcher publishes it again.
        await using (var db = _host.NewContext())
        {
            await db.OutboxMessages.Where(m => m.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, (DateTime?)null).SetProperty(m => m.LockedUntil, (DateTime?)null));
        }

        _host.Services.GetRequiredService<OutboxSignal>().Notify();
        await consumed.WaitForAsync(2);
        Assert.Single(_host.Mailbox.Messages, m => m.Subject == "Publié deux fois");
    }

    private async Task<OutboxMessage> WaitForRowAsync(Func<OutboxMessage, bool> match)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await using (var db = _host.NewContext())
            {
                if ((await db.OutboxMessages.AsNoTracking().ToListAsync()).FirstOrDefault(match) is { } found)
                {
                    return found;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No outbox row reached the expected state.");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Counts the deliveries of EmailRequested that its consumer finished (handled or failed).</summary>
    private sealed class ConsumedCounter : IConsumeMessageObserver<EmailRequested>
    {
        private int _count;

        public Task PreConsume(ConsumeContext<EmailRequested> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<EmailRequested> context)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<EmailRequested> context, Exception exception)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }

        public async Task WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Volatile.Read(ref _count) < count)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"{_count} deliveries consumed, {count} expected.");
                }

                await Task.Delay(20);
            }
        }
    }
}

public sealed class SqliteOutboxDeliveryTests() : OutboxDeliveryTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlOutboxDeliveryTests() : OutboxDeliveryTests(DatabaseKind.PostgreSql);

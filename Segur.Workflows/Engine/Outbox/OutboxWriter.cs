using System.Text.Json;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Outbox;

/// <summary>Queues messages outside a workflow fire (e.g. the forgotten-UID e-mail), with the same delivery guarantees.</summary>
public sealed class OutboxWriter(OutboxSignal signal, DatabaseWriter writer, TimeProvider clock)
{
    /// <summary>Adds the message to <paramref name="db"/>: it is saved with the caller's other changes, or not at all.</summary>
    public void Add(SegurDbContext db, IIntegrationMessage message)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Type = MessageTypes.NameOf(message.GetType()),
            Payload = JsonSerializer.Serialize(message, message.GetType(), OutboxJson.Options),
            CreatedAt = now,
        });
    }

    /// <summary>Saves the message on its own and wakes the dispatcher.</summary>
    public async Task SendAsync(IIntegrationMessage message, CancellationToken cancellationToken = default)
    {
        await writer.WriteAsync(scope =>
        {
            Add(scope.Db, message);
            return scope.Db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);

        signal.Notify();
    }

    /// <summary>Call after committing a transaction in which <see cref="Add"/> was used.</summary>
    public void Notify() => signal.Notify();
}

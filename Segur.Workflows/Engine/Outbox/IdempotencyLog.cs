using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Outbox;

/// <summary>Which consumer already handled which message: the bus delivers at least once.</summary>
public sealed class IdempotencyLog(SegurDatabase database, DatabaseWriter writer, TimeProvider clock)
{
    public async Task<bool> WasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.ProcessedMessages.AnyAsync(m => m.Consumer == consumer && m.MessageId == messageId, cancellationToken);
    }

    public async Task MarkProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync(scope =>
            {
                scope.Db.ProcessedMessages.Add(new ProcessedMessage { Consumer = consumer, MessageId = messageId, ProcessedAt = clock.GetUtcNow().UtcDateTime });
                return scope.Db.SaveChangesAsync(cancellationToken);
            }, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another process handled the same delivery concurrently: already recorded.
            if (!await WasProcessedAsync(consumer, messageId, cancellationToken))
            {
                throw;
            }
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Outbox;

/// <summary>
/// Which consumer handled which message: the bus delivers at least once, so a consumer claims the message here
/// <b>before</b> its side effect, and only the delivery that claimed it acts (decision 0091). A failure releases the
/// claim and counts a try on the outbox row (<see cref="OutboxMessage.Attempts"/>, <see cref="OutboxMessage.LastError"/>);
/// the last allowed try dead-letters it.
/// </summary>
public sealed class IdempotencyLog(SegurDatabase database, DatabaseWriter writer, OutboxRetryOptions retry, TimeProvider clock)
{
    public async Task<bool> WasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await db.ProcessedMessages.AnyAsync(m => m.Consumer == consumer && m.MessageId == messageId, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="effect"/> once for this consumer and message, whatever the number of deliveries, simultaneous
    /// or not. False when another delivery already claimed it. When <paramref name="effect"/> throws, the claim is
    /// released and the try recorded, then the error goes on to the bus (which retries).
    /// </summary>
    public async Task<bool> RunOnceAsync(string consumer, Guid messageId, Func<Task> effect, bool eraseSensitivePayload, CancellationToken cancellationToken)
    {
        if (!await TryClaimAsync(consumer, messageId, cancellationToken))
        {
            return false;
        }

        try
        {
            await effect();
        }
        catch (Exception ex)
        {
            Telemetry.SegurTelemetry.OutboxFailures.Add(1);
            await writer.WriteAsync(async scope =>
            {
                await scope.Db.ProcessedMessages.Where(m => m.Consumer == consumer && m.MessageId == messageId).ExecuteDeleteAsync(CancellationToken.None);
                await RecordFailureAsync(scope.Db, messageId, ex, retry.MaxAttempts, clock.GetUtcNow().UtcDateTime);
            }, CancellationToken.None);
            throw;
        }

        if (eraseSensitivePayload)
        {
            await writer.WriteAsync(scope => scope.Db.OutboxMessages.Where(m => m.Id == messageId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Payload, ErasedPayload), CancellationToken.None), CancellationToken.None);
        }

        return true;
    }

    /// <summary>What a sensitive message's row keeps once it was handled.</summary>
    public const string ErasedPayload = "{\"effacé\":\"contenu sensible effacé après envoi\"}";

    /// <summary>Inserts the claim; false when it already exists (another delivery, here or in another process, has it).</summary>
    public async Task<bool> TryClaimAsync(string consumer, Guid messageId, CancellationToken cancellationToken)
    {
        try
        {
            await writer.WriteAsync(scope =>
            {
                scope.Db.ProcessedMessages.Add(new ProcessedMessage { Consumer = consumer, MessageId = messageId, ProcessedAt = clock.GetUtcNow().UtcDateTime });
                return scope.Db.SaveChangesAsync(cancellationToken);
            }, cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            if (await WasProcessedAsync(consumer, messageId, CancellationToken.None))
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>Counts a failed try of the outbox row <paramref name="messageId"/>; the <paramref name="maxAttempts"/>-th dead-letters it.</summary>
    internal static Task<int> RecordFailureAsync(SegurDbContext db, Guid messageId, Exception error, int maxAttempts, DateTime now)
    {
        var text = OutboxRetryOptions.Describe(error);
        return db.OutboxMessages.Where(m => m.Id == messageId).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, m => m.Attempts + 1)
            .SetProperty(m => m.LastError, text)
            .SetProperty(m => m.DeadLetteredAt, m => m.Attempts + 1 >= maxAttempts ? now : m.DeadLetteredAt), CancellationToken.None);
    }
}

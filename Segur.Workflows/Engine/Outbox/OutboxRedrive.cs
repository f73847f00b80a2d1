using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Outbox;

/// <summary>Sends a dead-lettered message again, with its id: its consumer's log still makes it act once.</summary>
public sealed class OutboxRedrive(DatabaseWriter writer, OutboxSignal signal)
{
    /// <summary>False when the message is not (or no longer) dead-lettered.</summary>
    public async Task<bool> RedriveAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        var changed = await writer.WriteAsync(scope => scope.Db.OutboxMessages
            .Where(m => m.Id == messageId && m.DeadLetteredAt != null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.DeadLetteredAt, (DateTime?)null)
                .SetProperty(m => m.DispatchedAt, (DateTime?)null)
                .SetProperty(m => m.LockedUntil, (DateTime?)null)
                .SetProperty(m => m.LockedBy, (string?)null)
                .SetProperty(m => m.Attempts, 0), cancellationToken), cancellationToken);
        signal.Notify();
        return changed == 1;
    }
}

using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Telemetry;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Outbox;

/// <summary>Wakes the dispatcher as soon as a fire commits, instead of waiting for its next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled.
            }
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Publishes committed outbox rows to the bus, oldest first. Several processes may run it: each claims a batch
/// with a lease (LockedBy/LockedUntil) before publishing, and consumers are idempotent on the message id.
/// </summary>
public sealed class OutboxDispatcher(
    SegurDatabase database,
    IBus bus,
    MessageTypes types,
    OutboxSignal signal,
    DatabaseWriter writer,
    OutboxRetryOptions retry,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private static readonly TimeSpan s_poll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(60);
    private readonly string _node = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The Host prepares the database while the hosted services start (decision 0210).
            await lifetime.WhenStartedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) > 0)
                {
                }

                await signal.WaitAsync(s_poll, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox dispatch failed; retrying");
                await Task.Delay(s_poll, stoppingToken);
            }
        }
    }

    /// <summary>Publishes one batch; returns how many messages it handled.</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = database.CreateContext();
        var candidates = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DispatchedAt == null && m.DeadLetteredAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.CreatedAt)
            .Select(m => m.Id)
            .Take(100)
            .ToListAsync(cancellationToken);
        if (candidates.Count == 0)
        {
            return 0;
        }

        await writer.WriteAsync(scope => scope.Db.OutboxMessages
            .Where(m => candidates.Contains(m.Id) && m.DispatchedAt == null && m.DeadLetteredAt == null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, _node).SetProperty(m => m.LockedUntil, now + s_lease), cancellationToken), cancellationToken);

        var claimed = await db.OutboxMessages.AsNoTracking()
            .Where(m => candidates.Contains(m.Id) && m.LockedBy == _node && m.DispatchedAt == null)
            .OrderBy(m => m.CreatedAt)
            .ToListAsync(cancellationToken);

        var published = new List<Guid>();
        foreach (var row in claimed)
        {
            try
            {
                var type = types.Find(row.Type) ?? throw new InvalidOperationException($"Type de message inconnu : {row.Type}.");
                var message = JsonSerializer.Deserialize(row.Payload, type, OutboxJson.Options)!;
                await bus.Publish(message, type, context => context.MessageId = row.Id, cancellationToken);
                published.Add(row.Id);
                SegurTelemetry.OutboxPublished.Add(1);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // This message only: counted, set aside for a while (or dead-lettered), the others go on.
                logger.LogError(ex, "Outbox message {Id} ({Type}) could not be published", row.Id, row.Type);
                SegurTelemetry.OutboxFailures.Add(1);
                var failedAt = clock.GetUtcNow().UtcDateTime;
                var maxAttempts = types.Find(row.Type) is null ? 1 : retry.MaxAttempts;
                await writer.WriteAsync(async scope =>
                {
                    await IdempotencyLog.RecordFailureAsync(scope.Db, row.Id, ex, maxAttempts, failedAt);
                    await scope.Db.OutboxMessages.Where(m => m.Id == row.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedUntil, failedAt + TransientFaults.Pause(Math.Min(row.Attempts + 1, 5)) * 40), CancellationToken.None);
                }, CancellationToken.None);
            }
        }

        if (published.Count > 0)
        {
            await writer.WriteAsync(scope =>
            {
                var dispatchedAt = clock.GetUtcNow().UtcDateTime;
                return scope.Db.OutboxMessages.Where(m => published.Contains(m.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, dispatchedAt).SetProperty(m => m.LockedUntil, (DateTime?)null), cancellationToken);
            }, cancellationToken);
        }

        return claimed.Count;
    }
}

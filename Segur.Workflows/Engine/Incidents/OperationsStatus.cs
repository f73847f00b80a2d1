using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Incidents;

/// <summary>What operators watch (docs/operations.md): incidents, the outbox backlog, dead letters, late timers.</summary>
public sealed record OperationsStatus(
    int OpenIncidents, int OutboxBacklog, double OutboxOldestSeconds, int DeadLetters, int OverdueTimers, double TimerLagSeconds)
{
    /// <summary>Counted in a few indexed queries (the health endpoint calls it).</summary>
    public static async Task<OperationsStatus> ReadAsync(SegurDatabase database, DateTime now, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var openIncidents = await db.Incidents.CountAsync(i => i.ResolvedAt == null, ct);
        var backlog = db.OutboxMessages.Where(m => m.DispatchedAt == null && m.DeadLetteredAt == null);
        var backlogCount = await backlog.CountAsync(ct);
        var oldest = await backlog.OrderBy(m => m.CreatedAt).Select(m => (DateTime?)m.CreatedAt).FirstOrDefaultAsync(ct);
        var deadLetters = await db.OutboxMessages.CountAsync(m => m.DeadLetteredAt != null, ct);
        var overdue = db.WorkflowTimers.Where(t => t.DueAt <= now);
        var overdueCount = await overdue.CountAsync(ct);
        var firstDue = await overdue.OrderBy(t => t.DueAt).Select(t => (DateTime?)t.DueAt).FirstOrDefaultAsync(ct);
        return new OperationsStatus(openIncidents, backlogCount, Seconds(now, oldest), deadLetters, overdueCount, Seconds(now, firstDue));
    }

    private static double Seconds(DateTime now, DateTime? since) => since is { } at ? Math.Max(0, Math.Round((now - at).TotalSeconds)) : 0;
}

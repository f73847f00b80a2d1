using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Quartz;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Timers;

/// <summary>
/// Fires the timers that are due, overdue ones included (so a timer missed while the process was down fires
/// at start-up). Each timer fires once: the fire deletes its row in the same transaction, and a fire that
/// finds the row gone does nothing.
/// </summary>
public sealed class TimerSweeper(SegurDatabase database, DatabaseWriter writer, WorkflowRuntime runtime, TimeProvider clock, ILogger<TimerSweeper> logger)
{
    public async Task<int> FireDueAsync(CancellationToken cancellationToken = default)
    {
        var fired = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            List<WorkflowTimer> due;
            await using (var db = database.CreateContext())
            {
                due = await db.WorkflowTimers.AsNoTracking()
                    .Where(t => t.DueAt <= now)
                    .OrderBy(t => t.DueAt)
                    .Take(100)
                    .ToListAsync(cancellationToken);
            }

            if (due.Count == 0)
            {
                return fired;
            }

            foreach (var timer in due)
            {
                try
                {
                    var result = await runtime.FireAsync(new FireRequest(timer.InstanceId, timer.Trigger, Actor.System) { TimerId = timer.Id }, cancellationToken);
                    fired += result.Skipped ? 0 : 1;
                }
                catch (WorkflowException ex)
                {
                    // Refused or failed (an incident was recorded, to retry by hand): never fire it again.
                    logger.LogWarning(ex, "Timer {Trigger} of instance {Instance} did not fire", timer.Trigger, timer.InstanceId);
                    await DropAsync(timer.Id, cancellationToken);
                }
            }
        }
    }

    private async Task DropAsync(Guid timerId, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(scope => scope.Db.WorkflowTimers.Where(t => t.Id == timerId).ExecuteDeleteAsync(cancellationToken), cancellationToken);
    }
}

/// <summary>The Quartz job that runs the sweep; never two at once (in a cluster, Quartz's store enforces it).</summary>
[DisallowConcurrentExecution]
public sealed class TimerSweepJob(TimerSweeper sweeper) : IJob
{
    public static readonly JobKey Key = new("timer-sweep", "segur");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await sweeper.FireDueAsync(cancellationToken);
}

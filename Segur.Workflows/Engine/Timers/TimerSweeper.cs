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
                    if (!result.Skipped)
                    {
                        fired++;
                        Telemetry.SegurTelemetry.TimerFires.Add(1);
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (ConcurrencyConflictException ex)
                {
                    // Another fire changed the instance meanwhile: the next sweep sees whether the timer still stands.
                    logger.LogInformation(ex, "Timer {Trigger} of instance {Instance} met a concurrent fire; left for the next sweep", timer.Trigger, timer.InstanceId);
                }
                catch (Exception ex)
                {
                    // Refused, failed, or its version cannot run: an incident staff can see and retry, and the sweep goes on.
                    logger.LogWarning(ex, "Timer {Trigger} of instance {Instance} did not fire", timer.Trigger, timer.InstanceId);
                    await SetAsideAsync(timer, ex, cancellationToken);
                }
            }
        }
    }

    /// <summary>Deletes the timer and, unless the fire already recorded one, records an incident for it, in one write.</summary>
    private async Task SetAsideAsync(WorkflowTimer timer, Exception error, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await writer.WriteAsync(async scope =>
        {
            var deleted = await scope.Db.WorkflowTimers.Where(t => t.Id == timer.Id).ExecuteDeleteAsync(cancellationToken);
            if (deleted == 0 || error is WorkflowIncidentException)
            {
                return;
            }

            scope.Db.Incidents.Add(new Incident
            {
                Id = Guid.CreateVersion7(now),
                InstanceId = timer.InstanceId,
                Trigger = timer.Trigger,
                ActorId = Actor.System.Id,
                ActorRoles = string.Join(',', Actor.System.Roles),
                State = timer.State,
                Message = $"La minuterie « {timer.Trigger} » (due le {ParisDays.ToParis(timer.DueAt):dd/MM/yyyy à HH:mm}, heure de Paris) n'a pas pu se déclencher : {error.Message}",
                CreatedAt = now,
            });
            await scope.Db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
    }
}

/// <summary>The Quartz job that runs the sweep; never two at once (in a cluster, Quartz's store enforces it).</summary>
[DisallowConcurrentExecution]
public sealed class TimerSweepJob(TimerSweeper sweeper) : IJob
{
    public static readonly JobKey Key = new("timer-sweep", "segur");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => await sweeper.FireDueAsync(cancellationToken);
}

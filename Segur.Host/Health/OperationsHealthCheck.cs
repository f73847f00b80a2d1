using Microsoft.Extensions.Diagnostics.HealthChecks;
using Segur.Workflows;
using Segur.Workflows.Engine.Incidents;
using Segur.Workflows.Persistence;

namespace Segur.Host.Health;

/// <summary>
/// Degraded (still 200) while something waits for staff or lags: open incidents, dead-lettered messages, an outbox
/// message older than five minutes, a timer overdue by more than five minutes plus one sweep interval.
/// </summary>
internal sealed class OperationsHealthCheck(SegurDatabase database, SegurSettings settings, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan s_lagLimit = TimeSpan.FromMinutes(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        OperationsStatus status;
        try
        {
            status = await OperationsStatus.ReadAsync(database, clock.GetUtcNow().UtcDateTime, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("Les files de travail ne peuvent pas être lues.", ex);
        }

        var data = new Dictionary<string, object>
        {
            ["openIncidents"] = status.OpenIncidents,
            ["outboxBacklog"] = status.OutboxBacklog,
            ["outboxOldestSeconds"] = status.OutboxOldestSeconds,
            ["deadLetters"] = status.DeadLetters,
            ["overdueTimers"] = status.OverdueTimers,
            ["timerLagSeconds"] = status.TimerLagSeconds,
        };
        if (clock is Segur.Workflows.Engine.Clock.ShiftedClock shifted)
        {
            // A rehearsal clock is never silent: whoever reads /health sees that "now" is not the wall clock's.
            data["clockOffset"] = System.Xml.XmlConvert.ToString(shifted.Offset());
        }

        var problems = new List<string>();
        if (status.OpenIncidents > 0)
        {
            problems.Add($"{status.OpenIncidents} incident(s) à traiter");
        }

        if (status.DeadLetters > 0)
        {
            problems.Add($"{status.DeadLetters} message(s) non remis");
        }

        if (status.OutboxOldestSeconds > s_lagLimit.TotalSeconds)
        {
            problems.Add($"un message attend d'être publié depuis {status.OutboxOldestSeconds} s");
        }

        if (status.TimerLagSeconds > (s_lagLimit + settings.TimerSweepInterval).TotalSeconds)
        {
            problems.Add($"une minuterie est en retard de {status.TimerLagSeconds} s");
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy("Rien en attente.", data)
            : HealthCheckResult.Degraded(string.Join(" ; ", problems) + " (voir /incidents).", data: data);
    }
}

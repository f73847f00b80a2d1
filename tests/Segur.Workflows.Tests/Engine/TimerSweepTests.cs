using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Subjects;

namespace Segur.Workflows.Tests.Engine;

/// <summary>One bad timer never stops the others: it becomes an incident staff can see, and the sweep goes on.</summary>
public abstract class TimerSweepTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ATimerWhoseVersionCannotRun_AndARefusedTimer_BecomeIncidents_AndTheOtherTimersStillFire()
    {
        var (_, broken, _) = await NewRequestAsync(_host);
        var (_, refused, _) = await NewRequestAsync(_host);
        var (_, healthy, _) = await NewRequestAsync(_host);
        await using (var db = _host.NewContext())
        {
            // The broken and refused timers come first in the sweep's order.
            await db.WorkflowInstances.Where(i => i.Id == broken).ExecuteUpdateAsync(s => s.SetProperty(i => i.DefinitionVersion, 999));
            await db.WorkflowTimers.Where(t => t.InstanceId == broken).ExecuteUpdateAsync(s => s.SetProperty(t => t.DueAt, t => t.DueAt.AddMinutes(-2)));
            await db.WorkflowTimers.Where(t => t.InstanceId == refused)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Trigger, "Valider").SetProperty(t => t.DueAt, t => t.DueAt.AddMinutes(-1)));
        }

        _host.Clock.Advance(TimeSpan.FromDays(8));
        await _host.Timers.FireDueAsync();

        Assert.Equal("Supprimee", (await _host.InstanceAsync(healthy)).State);
        Assert.Equal("NonCompletee", (await _host.InstanceAsync(refused)).State);
        await using var check = _host.NewContext();
        var incidents = await check.Incidents.AsNoTracking().Where(i => i.ResolvedAt == null).ToListAsync();
        var brokenIncident = Assert.Single(incidents, i => i.InstanceId == broken);
        Assert.Equal("Expirer", brokenIncident.Trigger);
        Assert.Contains("999", brokenIncident.Message);
        var refusedIncident = Assert.Single(incidents, i => i.InstanceId == refused);
        Assert.Equal("Valider", refusedIncident.Trigger);
        Assert.Contains("n'est pas permise", refusedIncident.Message);
        Assert.Contains("minuterie", refusedIncident.Message);
        Assert.False(await check.WorkflowTimers.AnyAsync(t => t.InstanceId == broken || t.InstanceId == refused || t.InstanceId == healthy));

        // A later sweep does not trip over them again.
        _host.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await _host.Timers.FireDueAsync());
    }
}

public sealed class SqliteTimerSweepTests() : TimerSweepTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlTimerSweepTests() : TimerSweepTests(DatabaseKind.PostgreSql);

using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Subjects;
using IActivity = Segur.Workflows.Engine.Activities.IActivity;

namespace Segur.Workflows.Tests.Engine;

/// <summary>Atomicity, incidents, timers and versions, on each database.</summary>
public abstract class EngineBehaviourTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind, services =>
    {
        services.AddSingleton<FlakySwitch>();
        services.AddSingleton<IActivity, Flaky>();
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task AFailingActivity_LeavesNothingChanged_AndAnIncidentThatCanBeRetried()
    {
        await _host.PublishAsync("test-flaky", TestDefinitions.Flaky("test-flaky"));
        var (request, _, _) = await NewRequestAsync(_host);
        var instance = await _host.StartOnAsync("test-flaky", request.Id);
        var outboxBefore = await OutboxCountAsync();

        var failure = await Assert.ThrowsAsync<WorkflowIncidentException>(() => _host.FireAsync(instance, "Go", Staff));
        Assert.Contains("Service de paiement indisponible", failure.Message);

        Assert.Equal(("A", 1), await StateAsync(instance));
        Assert.Single(await _host.JournalAsync(instance));
        Assert.Equal(outboxBefore, await OutboxCountAsync()); // no e-mail queued, no event
        await using (var db = _host.NewContext())
        {
            Assert.Null((await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id)).MontantDecide);
            var incident = await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == failure.IncidentId);
            Assert.Equal(("Go", "A", null), (incident.Trigger, incident.State, incident.ResolvedAt));
        }

        _host.Services.GetRequiredService<FlakySwitch>().Failing = false;
        var retried = await _host.Runtime.RetryIncidentAsync(failure.IncidentId);

        Assert.Equal("B", retried.ToState);
        await using (var db = _host.NewContext())
        {
            Assert.NotNull((await db.Incidents.AsNoTracking().SingleAsync(i => i.Id == failure.IncidentId)).ResolvedAt);
            Assert.Equal(360m, (await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id)).MontantDecide);
        }
    }

    [Fact]
    public async Task ADryRun_SaysWhatWouldHappen_AndChangesNothing()
    {
        var (request, instance, supplier) = await NewRequestAsync(_host);
        await _host.FireAsync(instance, "CompleterPieces", supplier);
        var before = await StateAsync(instance);
        var outboxBefore = await OutboxCountAsync();

        var dryRun = await _host.Runtime.DryRunAsync(new FireRequest(instance, "Rejeter", Staff)
        {
            Input = new Dictionary<string, object?> { ["motif"] = "Pièces illisibles" },
        });

        Assert.Null(dryRun.Error);
        Assert.Equal("Rejetee", dryRun.ToState);
        Assert.Contains(dryRun.Reports, r => r.StartsWith("SendEmail", StringComparison.Ordinal) && r.Contains(request.EmailContact));
        Assert.Contains("EmailRequested", dryRun.Messages);
        Assert.Equal(before, await StateAsync(instance));
        Assert.Equal(outboxBefore, await OutboxCountAsync());
        Assert.Equal(2, (await _host.JournalAsync(instance)).Count);

        var refused = await _host.Runtime.DryRunAsync(new FireRequest(instance, "Rejeter", Staff));
        Assert.Contains("Motif du rejet", refused.Error);
    }

    [Fact]
    public async Task AGuardThatNeverEnds_IsStopped_AndRecordedAsAnIncident()
    {
        await _host.PublishAsync("test-loop", TestDefinitions.Flaky("test-loop"));
        var (request, _, _) = await NewRequestAsync(_host);
        var instance = await _host.StartOnAsync("test-loop", request.Id);

        var failure = await Assert.ThrowsAsync<WorkflowIncidentException>(() => _host.FireAsync(instance, "Boucler", Staff));

        Assert.Contains("boucle sans fin", failure.Message);
        Assert.Equal(("A", 1), await StateAsync(instance));
        await using var db = _host.NewContext();
        Assert.True(await db.Incidents.AnyAsync(i => i.Id == failure.IncidentId));
    }

    [Fact]
    public async Task AnIncompleteRequest_ExpiresAfterSevenDays_Once()
    {
        var (request, instance, _) = await NewRequestAsync(_host);
        var started = _host.Clock.GetUtcNow();

        _host.Clock.SetUtcNow(started + TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        await _host.Timers.FireDueAsync();
        Assert.Equal("NonCompletee", (await _host.InstanceAsync(instance)).State);

        _host.Clock.SetUtcNow(started + TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        await Task.WhenAll(_host.Timers.FireDueAsync(), _host.Timers.FireDueAsync());
        await _host.Timers.FireDueAsync();

        Assert.Equal("Supprimee", (await _host.InstanceAsync(instance)).State);
        Assert.Single(await _host.JournalAsync(instance), j => j.Trigger == "Expirer");
        await using var db = _host.NewContext();
        Assert.NotNull((await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id)).DeletedAt);
        Assert.False(await db.WorkflowTimers.AnyAsync(t => t.InstanceId == instance));
    }

    [Fact]
    public async Task CompletingTheDocuments_CancelsTheExpiry()
    {
        var (_, instance, supplier) = await NewRequestAsync(_host);
        await _host.FireAsync(instance, "CompleterPieces", supplier);

        _host.Clock.Advance(TimeSpan.FromDays(8));
        await _host.Timers.FireDueAsync();

        Assert.Equal("EnCours", (await _host.InstanceAsync(instance)).State);
        await using var db = _host.NewContext();
        Assert.False(await db.WorkflowTimers.AnyAsync(t => t.InstanceId == instance));
    }

    [Fact]
    public async Task AnInstance_KeepsItsVersion_AfterANewVersionIsPublished_UntilItIsMigrated()
    {
        var (_, oldInstance, oldSupplier) = await NewRequestAsync(_host);
        var v1 = (await _host.InstanceAsync(oldInstance)).DefinitionVersion;

        // The analyst renames "En cours" and removes the supplier's cancellation from it.
        var json = JsonNode.Parse((await _host.Catalog.GetJsonAsync("financing-request", v1))!)!;
        json["states"]!.AsArray().Single(s => (string?)s!["code"] == "EnCours")!["label"] = "En cours d'instruction";
        var transitions = json["transitions"]!.AsArray();
        transitions.Remove(transitions.Single(t => (string?)t!["from"] == "EnCours" && (string?)t["trigger"] == "Annuler"));
        await _host.PublishAsync("financing-request", json.ToJsonString());

        var oldFire = await _host.FireAsync(oldInstance, "CompleterPieces", oldSupplier);
        Assert.Equal("En cours", oldFire.ToStateLabel);
        Assert.Contains(await _host.Runtime.GetPermittedTriggersAsync(oldInstance, oldSupplier), t => t.Trigger == "Annuler");

        var (_, newInstance, newSupplier) = await NewRequestAsync(_host);
        Assert.Equal(v1 + 1, (await _host.InstanceAsync(newInstance)).DefinitionVersion);
        Assert.Equal("En cours d'instruction", (await _host.FireAsync(newInstance, "CompleterPieces", newSupplier)).ToStateLabel);

        var migrator = _host.Services.GetRequiredService<InstanceMigrator>();
        var plan = new MigrationPlan("financing-request", v1, v1 + 1, new Dictionary<string, string>());
        var preview = await migrator.PreviewAsync(plan);
        Assert.Contains(preview, l => l.InstanceId == oldInstance && l.ToState == "EnCours" && l.Problem is null);
        Assert.Equal(oldFire.Version, (await _host.InstanceAsync(oldInstance)).Version); // a preview changes nothing

        await migrator.MigrateAsync(plan, Staff);
        Assert.Equal(v1 + 1, (await _host.InstanceAsync(oldInstance)).DefinitionVersion);
        Assert.Equal("Migrer", (await _host.JournalAsync(oldInstance))[^1].Trigger);
        Assert.DoesNotContain(await _host.Runtime.GetPermittedTriggersAsync(oldInstance, oldSupplier), t => t.Trigger == "Annuler");
    }

    [Fact]
    public async Task AMigrationToAMissingState_IsRefusedAsAWhole()
    {
        await _host.PublishAsync("test-migration", TestDefinitions.Flaky("test-migration"));
        var (request, _, _) = await NewRequestAsync(_host);
        var instance = await _host.StartOnAsync("test-migration", request.Id);
        await _host.PublishAsync("test-migration", TestDefinitions.Flaky("test-migration").Replace("Départ", "Début"));

        var plan = new MigrationPlan("test-migration", 1, 2, new Dictionary<string, string> { ["A"] = "Z" });
        var refused = await Assert.ThrowsAsync<WorkflowException>(() => _host.Services.GetRequiredService<InstanceMigrator>().MigrateAsync(plan, Staff));

        Assert.Contains("« Z » n'existe pas", refused.Message);
        Assert.Equal(1, (await _host.InstanceAsync(instance)).DefinitionVersion);
    }

    [Fact]
    public async Task ACommittedFire_IsPublishedFromTheOutbox()
    {
        var (_, instance, supplier) = await NewRequestAsync(_host);
        await _host.FireAsync(instance, "CompleterPieces", supplier);

        await using var db = _host.NewContext();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await db.OutboxMessages.AnyAsync(m => m.DispatchedAt == null) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.False(await db.OutboxMessages.AnyAsync(m => m.DispatchedAt == null));
        Assert.True(await db.OutboxMessages.AnyAsync(m => m.Type == typeof(WorkflowTransitioned).FullName));
    }

    [Fact]
    public async Task AChangedReleaseFile_BecomesANewVersion_ButNeverSupersedesAnAnalystsPublication()
    {
        var seeder = _host.Services.GetRequiredService<DefinitionSeeder>();
        var release1 = TestDefinitions.Flaky("test-release");
        await seeder.SeedOneAsync("test-release.json", release1);
        await seeder.SeedOneAsync("test-release.json", release1.Replace("\n", "\n  ")); // formatting only
        Assert.Single(await _host.Catalog.ListAsync("test-release"));

        await seeder.SeedOneAsync("test-release.json", release1.Replace("Départ", "Départ (v2)"));
        Assert.Equal([DefinitionStatus.Published, DefinitionStatus.Published], (await _host.Catalog.ListAsync("test-release")).Select(v => v.Status));

        await _host.PublishAsync("test-release", release1.Replace("Départ", "Départ (analyste)"));
        await seeder.SeedOneAsync("test-release.json", release1.Replace("Départ", "Départ (v3)"));

        var versions = await _host.Catalog.ListAsync("test-release");
        Assert.Equal(4, versions.Count);
        Assert.Equal((DefinitionOrigin.Release, DefinitionStatus.Draft), (versions[^1].Origin, versions[^1].Status));
        Assert.Equal(3, (await _host.Catalog.GetLatestPublishedAsync("test-release")).Version);
    }

    private async Task<(string, int)> StateAsync(Guid instance)
    {
        var row = await _host.InstanceAsync(instance);
        return (row.State, row.Version);
    }

    private async Task<int> OutboxCountAsync()
    {
        await using var db = _host.NewContext();
        return await db.OutboxMessages.CountAsync();
    }
}

public sealed class SqliteEngineBehaviourTests() : EngineBehaviourTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlEngineBehaviourTests() : EngineBehaviourTests(DatabaseKind.PostgreSql);

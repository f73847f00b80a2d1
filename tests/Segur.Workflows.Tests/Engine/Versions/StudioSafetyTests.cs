using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Subjects;

namespace Segur.Workflows.Tests.Engine.Versions;

/// <summary>What keeps analysts' work safe: draft tokens, one draft, releases over drafts, migrations that enter the state, broken versions.</summary>
public abstract class StudioSafetyTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    private DefinitionDrafts Drafts => _host.Services.GetRequiredService<DefinitionDrafts>();

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind, services =>
    {
        services.AddSingleton<FlakySwitch>();
        services.AddSingleton<Segur.Workflows.Engine.Activities.IActivity, Flaky>();
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TwoAnalystsSavingTheSameDraft_TheSecondIsRefused_AndSeesTheOtherChange()
    {
        await _host.PublishAsync("test-tokens", TestDefinitions.Flaky("test-tokens"));
        var opened = await Drafts.OpenAsync("test-tokens", "ANA-ALICE");
        var alice = opened.Token;
        var bob = (await Drafts.GetAsync("test-tokens"))!.Token; // both read the same draft

        var saved = await Drafts.SaveAsync("test-tokens", opened.Json.Replace("Départ", "Départ (Alice)"), "ANA-ALICE", alice);
        var refused = await Assert.ThrowsAsync<DraftConflictException>(
            () => Drafts.SaveAsync("test-tokens", opened.Json.Replace("Départ", "Départ (Bob)"), "ANA-BOB", bob));

        Assert.Contains("modifié par ANA-ALICE", refused.Message);
        Assert.Contains("Départ (Alice)", refused.Current!.Json);
        Assert.Equal(saved.Token, refused.Current.Token);
        Assert.Contains("Départ (Alice)", (await Drafts.GetAsync("test-tokens"))!.Json);
    }

    [Fact]
    public async Task ASecondDraft_IsRefused_WhileOneIsOpen()
    {
        await _host.PublishAsync("test-one-draft", TestDefinitions.Flaky("test-one-draft"));
        await Drafts.OpenAsync("test-one-draft", "ANA-ALICE");

        var refused = await Assert.ThrowsAsync<DraftConflictException>(() => Drafts.OpenAsync("test-one-draft", "ANA-BOB"));

        Assert.Contains("déjà ouvert (par ANA-ALICE", refused.Message);
    }

    [Fact]
    public async Task ADraftWithAnError_IsSaved_ButCannotBePublished()
    {
        await _host.PublishAsync("test-broken", TestDefinitions.Flaky("test-broken"));
        var draft = await Drafts.OpenAsync("test-broken", "ANA-ALICE");
        var saved = await Drafts.SaveAsync("test-broken", draft.Json.Replace("\"to\": \"B\"", "\"to\": \"Nulle part\""), "ANA-ALICE", draft.Token);

        Assert.Contains(saved.Problems, p => p.Path == "$.transitions[0].to");
        var refused = await Assert.ThrowsAsync<InvalidDefinitionException>(() => Drafts.PublishAsync("test-broken", "ANA-ALICE", saved.Token));
        Assert.Contains("$.transitions[0].to", refused.Message);
        Assert.Equal(1, await _host.Catalog.LatestPublishedVersionAsync("test-broken"));
        Assert.Contains("Nulle part", (await Drafts.GetAsync("test-broken"))!.Json); // nothing typed is lost
    }

    [Fact]
    public async Task AnAnalystChangesOneCeiling_NewRequestsUseIt_WhileAnExistingOneKeepsItsVersion()
    {
        var (_, existing, existingSupplier) = await NewRequestAsync(_host, typeLogiciel: "LGC", declaredHT: 2000m);
        var before = (await _host.InstanceAsync(existing)).DefinitionVersion;

        var draft = await Drafts.OpenAsync("financing-request", "ANA-ALICE");
        var json = JsonNode.Parse(draft.Json)!;
        json["rules"]!["plafondsHT"]!["LGC"] = 1500;
        var saved = await Drafts.SaveAsync("financing-request", json.ToJsonString(), "ANA-ALICE", draft.Token);
        Assert.Empty(saved.Problems);
        var published = await Drafts.PublishAsync("financing-request", "ANA-ALICE", saved.Token);
        Assert.Equal(before + 1, published);
        Assert.Null(await Drafts.GetAsync("financing-request"));

        var (_, fresh, freshSupplier) = await NewRequestAsync(_host, typeLogiciel: "LGC", declaredHT: 2000m);
        Assert.Equal(published, (await _host.InstanceAsync(fresh)).DefinitionVersion);
        Assert.Equal(before, (await _host.InstanceAsync(existing)).DefinitionVersion);

        Assert.Equal(1500m, await RetainedAsync(fresh, freshSupplier));
        Assert.Equal(1200m, await RetainedAsync(existing, existingSupplier));
    }

    [Fact]
    public async Task AnAdvanceOf40Percent_PublishedByAnAnalyst_IsTheAmountOfTheNextDecision_WhileAnExistingRequestKeeps30()
    {
        var (_, existing, existingSupplier) = await NewRequestAsync(_host, typeLogiciel: "LGC", declaredHT: 1000m);
        var draft = await Drafts.OpenAsync("financing-request", "ANA-ALICE");
        var json = JsonNode.Parse(draft.Json)!;
        json["rules"]!["pourcentageAvance"] = 40;
        json["rules"]!["pourcentageSolde"] = 60;
        var saved = await Drafts.SaveAsync("financing-request", json.ToJsonString(), "ANA-ALICE", draft.Token);
        Assert.Empty(saved.Problems);
        await Drafts.PublishAsync("financing-request", "ANA-ALICE", saved.Token);

        var (_, fresh, freshSupplier) = await NewRequestAsync(_host, typeLogiciel: "LGC", declaredHT: 1000m);

        Assert.Equal(480m, await DecidedAsync(fresh, freshSupplier)); // 1 000 € HT, TTC 1 200 €, 40 %
        Assert.Equal(360m, await DecidedAsync(existing, existingSupplier)); // its version: 30 %
    }

    [Fact]
    public async Task AReleaseOverAnOpenDraft_IsPublished_AndTheDraftIsKeptToRebase()
    {
        var seeder = _host.Services.GetRequiredService<DefinitionSeeder>();
        var release = TestDefinitions.Flaky("test-release-draft");
        await seeder.SeedOneAsync("test-release-draft.json", release);
        var draft = await Drafts.OpenAsync("test-release-draft", "ANA-ALICE");
        var saved = await Drafts.SaveAsync("test-release-draft", draft.Json.Replace("Arrivée", "Arrivée (analyste)"), "ANA-ALICE", draft.Token);

        await seeder.SeedOneAsync("test-release-draft.json", release.Replace("Départ", "Départ (livraison)"));

        Assert.Equal(2, await _host.Catalog.LatestPublishedVersionAsync("test-release-draft"));
        var kept = (await Drafts.GetAsync("test-release-draft"))!;
        Assert.Contains("Arrivée (analyste)", kept.Json);
        Assert.Equal((1, 2, true), (kept.BasedOnVersion, kept.LatestPublished, kept.IsOutdated));

        var refused = await Assert.ThrowsAsync<WorkflowException>(() => Drafts.PublishAsync("test-release-draft", "ANA-ALICE", saved.Token));
        Assert.Contains("la version 2 a été publiée depuis", refused.Message);

        var rebased = await Drafts.RebaseAsync("test-release-draft", "ANA-ALICE", saved.Token);
        Assert.Equal(3, await Drafts.PublishAsync("test-release-draft", "ANA-ALICE", rebased.Token));
        Assert.Contains("Arrivée (analyste)", (await _host.Catalog.GetLatestPublishedAsync("test-release-draft")).Model.States[1].Label);
    }

    [Fact]
    public async Task ARollback_PublishesTheOlderVersionAgain_AsTheNewestNumber()
    {
        await _host.PublishAsync("test-rollback", TestDefinitions.Flaky("test-rollback"));
        await _host.PublishAsync("test-rollback", TestDefinitions.Flaky("test-rollback").Replace("Départ", "Départ v2"));

        var current = await _host.Catalog.PublishAsync("test-rollback", 1, "ANA-ALICE");

        Assert.Equal(3, current);
        Assert.Equal("Départ", (await _host.Catalog.GetLatestPublishedAsync("test-rollback")).Model.States[0].Label);
        Assert.Equal(1, (await _host.Catalog.ListAsync("test-rollback"))[^1].RestoredFrom);
    }

    [Fact]
    public async Task AMigration_EntersTheNewState_ItsStatusTimersAndTasks()
    {
        await _host.PublishAsync("test-migrate", MigrationV1);
        var (request, _, _) = await NewRequestAsync(_host);
        var instance = await _host.StartOnAsync("test-migrate", request.Id);
        await _host.PublishAsync("test-migrate", MigrationV2);
        var migrator = _host.Services.GetRequiredService<InstanceMigrator>();
        var plan = new MigrationPlan("test-migrate", 1, 2, new Dictionary<string, string> { ["Attente"] = "Instruction" });

        Assert.Equal(1, await migrator.MigrateAsync(plan, Staff));

        Assert.Equal(("Instruction", 2), ((await _host.InstanceAsync(instance)).State, (await _host.InstanceAsync(instance)).DefinitionVersion));
        await using (var db = _host.NewContext())
        {
            var subject = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id);
            Assert.Equal(("Instruction", "En instruction"), (subject.Status, subject.StatusLabel));
            var timer = await db.WorkflowTimers.AsNoTracking().SingleAsync(t => t.InstanceId == instance);
            Assert.Equal(("Relancer", EngineHost.Start.UtcDateTime.AddDays(3)), (timer.Trigger, timer.DueAt));
            var task = await db.StaffTasks.AsNoTracking().SingleAsync(t => t.InstanceId == instance && t.Status == StaffTaskStatus.Open);
            Assert.Equal(("Instruction", "Examiner"), (task.State, task.Code));
        }

        var journal = (await _host.JournalAsync(instance))[^1];
        Assert.Equal(("Migrer", "Attente", "Instruction"), (journal.Trigger, journal.FromState, journal.ToState));
        Assert.Contains("Minuterie retirée : « Expirer »", journal.Details);

        _host.Clock.Advance(TimeSpan.FromDays(3));
        await _host.Timers.FireDueAsync();
        Assert.Equal("Fin", (await _host.InstanceAsync(instance)).State);
    }

    [Fact]
    public async Task PublishingADraftThatRemovesAStateInUse_StopsForAMapping_ThenPublishesAndMovesExactlyThePreviewedInstances()
    {
        const string id = "test-pubmove";
        await _host.PublishAsync(id, MigrationV1.Replace("test-migrate", id));
        var waiting = new List<(Guid Instance, string Numero, Guid Request)>();
        for (var i = 0; i < 2; i++)
        {
            var (request, _, _) = await NewRequestAsync(_host);
            waiting.Add((await _host.StartOnAsync(id, request.Id), request.NumeroAsp, request.Id));
        }

        var (closedRequest, _, _) = await NewRequestAsync(_host);
        var closed = await _host.StartOnAsync(id, closedRequest.Id);
        await _host.FireAsync(closed, "Clore", Staff);
        var draft = await Drafts.OpenAsync(id, "analyste-a");
        var token = (await Drafts.SaveAsync(id, MigrationV2.Replace("test-migrate", id), "analyste-a", draft.Token)).Token;

        var stopped = await Assert.ThrowsAsync<StateMappingRequiredException>(() => Drafts.PublishAsync(id, "analyste-a", token));
        Assert.Equal(("Attente", "En attente", 2), (stopped.Unmapped.Single().Code, stopped.Unmapped.Single().Label, stopped.Unmapped.Single().Instances));
        Assert.Contains("« En attente » (Attente) : 2 dossier(s)", stopped.Message);
        var wrong = new Dictionary<string, string> { ["Attente"] = "Nulle" };
        await Assert.ThrowsAsync<StateMappingRequiredException>(() => Drafts.PublishAsync(id, "analyste-a", token, new PublishMigration(wrong)));

        var mapping = new Dictionary<string, string> { ["Attente"] = "Instruction" };
        var preview = await Drafts.PreviewPublicationAsync(id, mapping);
        Assert.Equal(waiting.Select(w => w.Numero).Order(), preview.Moving.Select(l => l.Reference).Order());
        Assert.All(preview.Moving, l => Assert.Equal(("Attente", "Instruction", null), (l.FromState, l.ToState, l.Problem)));

        var partial = new PublishMigration(mapping, [preview.Moving[0].InstanceId]);
        await Assert.ThrowsAsync<WorkflowException>(() => Drafts.PublishAsync(id, "analyste-a", token, partial));
        Assert.Single(await _host.Catalog.ListAsync(id));
        Assert.NotNull(await Drafts.GetAsync(id));

        var published = await Drafts.PublishAsync(id, "analyste-a", token, new PublishMigration(mapping, preview.Moving.Select(l => l.InstanceId).ToList()));

        Assert.Equal(new Publication(2, 2), published);
        Assert.Null(await Drafts.GetAsync(id));
        foreach (var (instance, _, request) in waiting)
        {
            Assert.Equal(("Instruction", 2), ((await _host.InstanceAsync(instance)).State, (await _host.InstanceAsync(instance)).DefinitionVersion));
            Assert.Equal("Migrer", (await _host.JournalAsync(instance))[^1].Trigger);
            await using var db = _host.NewContext();
            Assert.Equal("En instruction", (await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == request)).StatusLabel);
        }

        Assert.Equal(("Fin", 1), ((await _host.InstanceAsync(closed)).State, (await _host.InstanceAsync(closed)).DefinitionVersion));
    }

    [Fact]
    public async Task PagesRead_APublishedVersionsStatesAndRules_WithoutCompilingIt()
    {
        // Decision 0214: what pages show (labels, rules) is read from the stored JSON; compiling (Jint, Fluid, the schema) is
        // left to the fires and the published-definitions check. A version this build can no longer compile still reads.
        await _host.PublishAsync("test-read", MigrationV2.Replace("test-migrate", "test-read"));
        await using (var db = _host.NewContext())
        {
            var rotten = MigrationV2.Replace("test-migrate", "test-read").Replace("\"activities\": []", "\"activities\": [ { \"type\": \"ActiviteSupprimee\" } ]");
            await db.WorkflowDefinitions.Where(v => v.DefinitionId == "test-read").ExecuteUpdateAsync(s => s.SetProperty(v => v.Json, rotten));
        }

        var read = await _host.Catalog.GetLatestPublishedModelAsync("test-read");

        Assert.Equal(1, read.Version);
        Assert.Equal("En instruction", read.Model.States[0].Label);
        await Assert.ThrowsAsync<InvalidDefinitionException>(() => _host.Catalog.GetLatestPublishedAsync("test-read"));
    }

    [Fact]
    public async Task APublishedVersionThatNoLongerCompiles_IsReported_AndItsTimersMakeIncidents_NotACrash()
    {
        await _host.PublishAsync("test-rot", MigrationV2.Replace("test-migrate", "test-rot"));
        var (request, _, _) = await NewRequestAsync(_host);
        var instance = await _host.StartOnAsync("test-rot", request.Id);
        var (healthyRequest, _, _) = await NewRequestAsync(_host);
        await _host.PublishAsync("test-migrate-ok", MigrationV2.Replace("test-migrate", "test-migrate-ok"));
        var healthy = await _host.StartOnAsync("test-migrate-ok", healthyRequest.Id);

        // As if a later build had removed an activity the published version names.
        await using (var db = _host.NewContext())
        {
            var rotten = MigrationV2.Replace("test-migrate", "test-rot").Replace("\"activities\": []", "\"activities\": [ { \"type\": \"ActiviteSupprimee\" } ]");
            await db.WorkflowDefinitions.Where(v => v.DefinitionId == "test-rot").ExecuteUpdateAsync(s => s.SetProperty(v => v.Json, rotten));
        }

        var broken = await _host.Services.GetRequiredService<DefinitionHealth>().CheckPublishedAsync();
        Assert.Contains(broken, b => b.DefinitionId == "test-rot" && b.Version == 1 && b.Instances == 1 && b.Problems.Any(p => p.Message.Contains("ActiviteSupprimee")));

        _host.Clock.Advance(TimeSpan.FromDays(3));
        await _host.Timers.FireDueAsync(); // does not throw

        Assert.Equal("Fin", (await _host.InstanceAsync(healthy)).State);
        Assert.Equal("Instruction", (await _host.InstanceAsync(instance)).State);
        await using var check = _host.NewContext();
        var incident = await check.Incidents.AsNoTracking().SingleAsync(i => i.InstanceId == instance);
        Assert.Contains("ActiviteSupprimee", incident.Message);
    }

    private async Task<decimal?> RetainedAsync(Guid instance, Actor supplier)
    {
        await _host.FireAsync(instance, "CompleterPieces", supplier);
        await _host.FireAsync(instance, "Valider", Staff);
        await using var db = _host.NewContext();
        var subjectId = (await _host.InstanceAsync(instance)).SubjectId;
        return (await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == Guid.Parse(subjectId))).MontantRetenuHT;
    }

    private async Task<decimal?> DecidedAsync(Guid instance, Actor supplier)
    {
        await _host.FireAsync(instance, "CompleterPieces", supplier);
        await _host.FireAsync(instance, "Valider", Staff);
        await _host.FireAsync(instance, "Decider", Staff);
        Assert.Equal("Decidee", (await _host.InstanceAsync(instance)).State);
        await using var db = _host.NewContext();
        var subjectId = (await _host.InstanceAsync(instance)).SubjectId;
        return (await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == Guid.Parse(subjectId))).MontantDecide;
    }

    private const string MigrationV1 = """
        {
          "id": "test-migrate", "name": "Test : migration", "subjectType": "FinancingRequest", "initialState": "Attente",
          "states": [
            { "code": "Attente", "label": "En attente", "timers": [ { "after": "P10D", "trigger": "Expirer" } ] },
            { "code": "Fin", "label": "Terminée", "final": true }
          ],
          "transitions": [
            { "from": "Attente", "trigger": "Clore", "to": "Fin", "roles": ["Gestionnaire"] },
            { "from": "Attente", "trigger": "Expirer", "to": "Fin", "roles": ["Systeme"] }
          ]
        }
        """;

    private const string MigrationV2 = """
        {
          "id": "test-migrate", "name": "Test : migration", "subjectType": "FinancingRequest", "initialState": "Instruction",
          "states": [
            { "code": "Instruction", "label": "En instruction", "timers": [ { "after": "P3D", "trigger": "Relancer" } ],
              "tasks": [ { "code": "Examiner", "label": "Examiner la demande", "roles": ["Gestionnaire"], "outcomes": { "Clore": "Clore" } } ] },
            { "code": "Fin", "label": "Terminée", "final": true }
          ],
          "transitions": [
            { "from": "Instruction", "trigger": "Clore", "to": "Fin", "roles": ["Gestionnaire"] },
            { "from": "Instruction", "trigger": "Relancer", "to": "Fin", "roles": ["Systeme"], "activities": [] }
          ]
        }
        """;
}

public sealed class StudioSafetyTestsOnSqlite() : StudioSafetyTests(DatabaseKind.Sqlite);

public sealed class StudioSafetyTestsOnPostgreSql() : StudioSafetyTests(DatabaseKind.PostgreSql);

using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Simulation;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Subjects;

namespace Segur.Workflows.Tests.Engine.Simulation;

/// <summary>The Studio's simulation: the fire path run on an in-memory copy, explained, and never written.</summary>
public abstract class SimulationTests(DatabaseKind kind) : IAsyncLifetime
{
    private EngineHost _host = null!;

    private Simulator Simulator => _host.Services.GetRequiredService<Simulator>();

    private DefinitionDrafts Drafts => _host.Services.GetRequiredService<DefinitionDrafts>();

    public async Task InitializeAsync() => _host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task SimulatingARealRequestToItsDecision_ShowsEveryEffect_AndWritesNoRowSendsNoMailArmsNoTimer()
    {
        var (request, instance, _) = await NewRequestAsync(_host, typeLogiciel: "LGC", declaredHT: 2000m);
        var before = await CountRowsAsync();

        var result = await Simulator.RunAsync(new SimulationRequest("financing-request", null, false, request.NumeroAsp, null,
        [
            new SimulationStep("CompleterPieces", "Fournisseur"),
            new SimulationStep("Valider", "Gestionnaire"),
            new SimulationStep("Decider", "Gestionnaire"),
        ]));

        Assert.All(result.Steps, s => Assert.Null(s.Error));
        Assert.Equal(["EnCours", "Validee", "Decidee"], result.Steps.Select(s => s.ToState));
        Assert.Contains(result.Steps[0].Reports, r => r.Contains("Tâche créée : « Instruire la demande »"));
        Assert.Contains(result.Steps[1].Reports, r => r.StartsWith("ComputeAmounts : plafond 1"));
        Assert.Contains(result.Steps[1].Changes, c => c.Name == "montantDecide" && c.Before == "null" && c.After == "432");
        var decision = result.Steps[2];
        Assert.Contains(decision.Reports, r => r.StartsWith("EngageBudget : ") && r.Contains("MDV-2026"));
        Assert.Contains(decision.Reports, r => r.StartsWith("Démarrerait « ") && r.Contains("Aucun paiement en cours"));
        Assert.Contains(decision.Reports, r => r.Contains("décision d'attribution"));
        var mail = Assert.Single(decision.Emails);
        Assert.Equal(request.EmailContact, mail.To);
        Assert.Contains(request.NumeroAsp, mail.Subject);
        Assert.Contains("Montant décidé : 432,00 €", mail.Body);
        Assert.Equal(("Decidee", "Décidée"), (result.State, result.StateLabel));

        Assert.Equal(before, await CountRowsAsync());
        Assert.Equal("NonCompletee", (await _host.InstanceAsync(instance)).State);
        await using var db = _host.NewContext();
        var stored = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.Id == request.Id);
        Assert.Null(stored.MontantDecide);
        Assert.Equal("NonCompletee", stored.Status);
    }

    [Fact]
    public async Task EachGuard_IsExplainedPerRole_WithTheValuesItRead()
    {
        var atStart = await Simulator.RunAsync(new SimulationRequest("financing-request", null, false, null, null, []));
        var supplier = atStart.Roles.Single(r => r.Role == "Fournisseur");
        var delete = supplier.Triggers.Single(t => t.Trigger == "Supprimer");
        Assert.True(delete.Permitted);
        Assert.Equal("subject.type === 'avance'", delete.Guard.Expression);
        Assert.Equal([new ValueRead("subject.type", "\"avance\"")], delete.Guard.Reads);
        var staff = atStart.Roles.Single(r => r.Role == "Gestionnaire");
        Assert.False(staff.Triggers.Single(t => t.Trigger == "Supprimer").RoleAllowed);
        Assert.Empty(staff.Permitted);

        var validated = await Simulator.RunAsync(new SimulationRequest("financing-request", null, false, null, "Validee", []));
        var decide = validated.Roles.Single(r => r.Role == "Gestionnaire").Triggers.Single(t => t.Trigger == "Decider");
        Assert.True(decide.RoleAllowed);
        Assert.False(decide.Guard.Passes);
        Assert.Equal([new ValueRead("subject.montantDecide", "null")], decide.Guard.Reads);
    }

    [Fact]
    public async Task ASimulationOnTheDraft_ComputesWithTheDraftsRules_AndRendersTheEmailWithWhatWasTyped()
    {
        var draft = await Drafts.OpenAsync("financing-request", "ANA-ALICE");
        var json = JsonNode.Parse(draft.Json)!;
        json["rules"]!["pourcentageAvance"] = 40;
        await Drafts.SaveAsync("financing-request", json.ToJsonString(), "ANA-ALICE", draft.Token);

        var result = await Simulator.RunAsync(new SimulationRequest("financing-request", null, true, null, null,
        [
            new SimulationStep("CompleterPieces", "Fournisseur"),
            new SimulationStep("DemanderPiece", "Gestionnaire", new Dictionary<string, string?> { ["piece"] = "Le bon de commande signé" }),
            new SimulationStep("AjouterPiece", "Fournisseur"),
            new SimulationStep("Valider", "Gestionnaire"),
        ]));

        Assert.Equal("brouillon", result.VersionLabel);
        Assert.All(result.Steps, s => Assert.Null(s.Error));
        Assert.Contains("Le bon de commande signé", Assert.Single(result.Steps[1].Emails).Body);
        Assert.Contains(result.Steps[3].Changes, c => c.Name == "montantDecide" && c.After == "480"); // 1 000 € HT, TTC 1 200 €, 40 %
        Assert.Contains(result.Facts, f => f.Path == "montantDecide" && f.Value == "480");
    }

    [Fact]
    public async Task AStepTheRoleMayNotTake_IsRefusedWithItsReason_AndThePathStopsThere()
    {
        var result = await Simulator.RunAsync(new SimulationRequest("financing-request", null, false, null, null,
        [
            new SimulationStep("Valider", "Fournisseur"),
            new SimulationStep("CompleterPieces", "Fournisseur"),
        ]));

        var refused = Assert.Single(result.Steps);
        Assert.Contains("Valider", refused.Error);
        Assert.Equal("NonCompletee", result.State);
    }

    [Fact]
    public async Task AnUnknownRequestOrState_IsAClearError()
    {
        var unknown = await Assert.ThrowsAsync<WorkflowException>(() =>
            Simulator.RunAsync(new SimulationRequest("financing-request", null, false, "ASP-INCONNU", null, [])));
        Assert.Contains("Aucun dossier « ASP-INCONNU »", unknown.Message);
        var state = await Assert.ThrowsAsync<WorkflowException>(() =>
            Simulator.RunAsync(new SimulationRequest("financing-request", null, false, null, "Nulle", [])));
        Assert.Contains("L'état « Nulle » n'existe pas", state.Message);
    }

    private async Task<string> CountRowsAsync()
    {
        await using var db = _host.NewContext();
        return string.Join(" ", await db.WorkflowInstances.CountAsync(), await db.WorkflowJournal.CountAsync(), await db.OutboxMessages.CountAsync(),
            await db.WorkflowTimers.CountAsync(), await db.StaffTasks.CountAsync(), await db.FinancingRequests.CountAsync(),
            await db.FinancingRequestVersions.CountAsync(), await db.Payments.CountAsync(), await db.RequestDocuments.CountAsync(),
            await db.EnvelopeEngagements.CountAsync(), await db.BudgetEnvelopes.SumAsync(e => (long?)e.EngagedCents) ?? 0,
            await db.Users.CountAsync(), await db.Incidents.CountAsync());
    }
}

public sealed class SimulationTestsOnSqlite() : SimulationTests(DatabaseKind.Sqlite);

public sealed class SimulationTestsOnPostgreSql() : SimulationTests(DatabaseKind.PostgreSql);

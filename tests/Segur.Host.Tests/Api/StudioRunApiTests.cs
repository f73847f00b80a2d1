using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Api;

/// <summary>The Studio API's simulation, what-if, instances and migration, as an analyst's script uses them.</summary>
public sealed class StudioRunApiTests : IAsyncLifetime
{
    // The demo's three deposited (En cours) requests: real requests to simulate, compare and migrate.
    private static readonly Dictionary<string, string?> WithDepositedRequests = new() { ["Segur:Demo:DepositedRequests"] = "true" };

    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start(WithDepositedRequests);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task SimulatingADepositedRequestToItsDecision_AnswersEveryStep_AndChangesNothing()
    {
        using var client = Client(_app.Demo.Analysts[0].ApiToken);
        var numero = await FirstDepositedNumberAsync();
        var before = await CountsAsync();

        var result = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/simulate", new
        {
            dossier = numero,
            etapes = new[] { new { trigger = "Valider", role = "Gestionnaire" }, new { trigger = "Decider", role = "Gestionnaire" } },
        });

        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        var body = JsonNode.Parse(await result.Content.ReadAsStringAsync())!;
        Assert.Equal(numero, (string?)body["subjectLabel"]);
        Assert.Equal("Decidee", (string?)body["state"]);
        var decision = body["steps"]!.AsArray()[1]!;
        Assert.Null((string?)decision["error"]);
        Assert.Contains(numero, (string?)decision["emails"]![0]!["subject"]);
        Assert.Equal(before, await CountsAsync());

        var unknown = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/simulate", new { dossier = "ASP-INCONNU" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);
        Assert.Contains("Aucun dossier « ASP-INCONNU »", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheWhatIfOfA40PercentAdvance_ListsEveryDepositedRequest_WithItsDecidedAmountBeforeAndAfter()
    {
        using var client = Client(_app.Demo.Analysts[0].ApiToken);
        await EditDraftAsync(client, json => { json["rules"]!["pourcentageAvance"] = 40; json["rules"]!["pourcentageSolde"] = 60; return json; });

        var report = await client.GetFromJsonAsync<JsonElement>("/api/v1/studio/definitions/financing-request/draft/what-if");

        var affected = report.GetProperty("affected").EnumerateArray().ToList();
        Assert.Equal(await LiveRequestsAsync(), affected.Count);
        Assert.All(affected, line => Assert.Contains(line.GetProperty("differences").EnumerateArray(),
            d => d.GetProperty("what").GetString() == "Montant décidé"));
    }

    [Fact]
    public async Task PublishingARenamedState_AsksForAMapping_AndTheMigrationMovesExactlyThePreviewedInstances()
    {
        using var client = Client(_app.Demo.Analysts[0].ApiToken);
        var from = (await client.GetFromJsonAsync<JsonElement>("/api/v1/studio/definitions")).EnumerateArray()
            .Single(d => d.GetProperty("id").GetString() == "financing-request").GetProperty("currentVersion").GetInt32();
        var token = await EditDraftAsync(client, json => json, text => text.Replace("\"EnCours\"", "\"EnInstruction\""));
        using var published = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/draft/publish", new { token });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var to = from + 1;

        var advice = await client.GetFromJsonAsync<JsonElement>($"/api/v1/studio/definitions/financing-request/migration?de={from}&vers={to}");
        var renamed = advice.GetProperty("inUse").EnumerateArray().Single(s => s.GetProperty("code").GetString() == "EnCours");
        Assert.False(renamed.GetProperty("inTarget").GetBoolean());
        Assert.Equal("EnInstruction", renamed.GetProperty("suggested").GetString());

        using var unmapped = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/migration", new { de = from, vers = to });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unmapped.StatusCode);
        Assert.Contains("n'existe pas dans la version", await unmapped.Content.ReadAsStringAsync());

        var mapping = new Dictionary<string, string> { ["EnCours"] = "EnInstruction" };
        using var previewAnswer = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/migration/preview",
            new { de = from, vers = to, correspondances = mapping });
        var lines = JsonNode.Parse(await previewAnswer.Content.ReadAsStringAsync())!["dossiers"]!.AsArray();
        var moving = lines.Where(l => (string?)l!["fromState"] == "EnCours").Select(l => (Guid)l!["instanceId"]!).ToList();
        Assert.NotEmpty(moving);
        Assert.All(lines, l => Assert.Null((string?)l!["problem"]));

        using var migrated = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/migration",
            new { de = from, vers = to, correspondances = mapping, dossiers = lines.Select(l => (Guid)l!["instanceId"]!).ToList() });
        Assert.Equal(HttpStatusCode.OK, migrated.StatusCode);
        Assert.Equal(lines.Count, (int)JsonNode.Parse(await migrated.Content.ReadAsStringAsync())!["deplaces"]!);

        var moved = await client.GetFromJsonAsync<JsonElement>($"/api/v1/studio/definitions/financing-request/instances?version={to}&etat=EnInstruction");
        Assert.Equal(moving.Order(), moved.EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Order());
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/studio/instances/{moving[0]}");
        Assert.Equal("Migrer", detail.GetProperty("journal").EnumerateArray().Last().GetProperty("trigger").GetString());
        Assert.Contains(detail.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("label").GetString() == "Instruire la demande");
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        Assert.Equal(moving.Count, await db.FinancingRequests.CountAsync(r => r.Status == "EnInstruction"));
    }

    [Fact]
    public async Task SimulationAndMigration_AreForbiddenToASupplierAndToStaff()
    {
        foreach (var token in new[] { _app.Demo.Suppliers[0].ApiToken, _app.Demo.Staff[0].ApiToken })
        {
            using var client = Client(token);
            using var simulate = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/simulate", new { });
            Assert.Equal(HttpStatusCode.Forbidden, simulate.StatusCode);
            using var migrate = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/migration", new { de = 1, vers = 2 });
            Assert.Equal(HttpStatusCode.Forbidden, migrate.StatusCode);
        }
    }

    private async Task<int> EditDraftAsync(HttpClient client, Func<JsonNode, JsonNode> edit, Func<string, string>? text = null)
    {
        using var opened = await client.PostAsync("/api/v1/studio/definitions/financing-request/draft", null);
        var draft = JsonNode.Parse(await opened.Content.ReadAsStringAsync())!;
        var json = edit(JsonNode.Parse((string)draft["json"]!)!).ToJsonString();
        using var saved = await client.PutAsJsonAsync("/api/v1/studio/definitions/financing-request/draft",
            new { json = text is null ? json : text(json), token = (int)draft["token"]! });
        var answer = JsonNode.Parse(await saved.Content.ReadAsStringAsync())!;
        Assert.Empty(answer["problems"]!.AsArray());
        return (int)answer["token"]!;
    }

    private async Task<string> FirstDepositedNumberAsync()
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        return await db.FinancingRequests.Where(r => r.Status == "EnCours").OrderBy(r => r.NumeroAsp).Select(r => r.NumeroAsp).FirstAsync();
    }

    private async Task<int> LiveRequestsAsync()
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        return await db.WorkflowInstances.CountAsync(i => i.DefinitionId == "financing-request"
            && i.State != "Supprimee" && i.State != "Rejetee" && i.State != "Annulee");
    }

    private async Task<string> CountsAsync()
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        return string.Join(" ", await db.WorkflowJournal.CountAsync(), await db.OutboxMessages.CountAsync(), await db.WorkflowTimers.CountAsync(),
            await db.StaffTasks.CountAsync(), await db.Payments.CountAsync(), await db.RequestDocuments.CountAsync(), await db.EnvelopeEngagements.CountAsync(),
            await db.FinancingRequests.CountAsync(r => r.MontantDecide != null));
    }

    private HttpClient Client(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

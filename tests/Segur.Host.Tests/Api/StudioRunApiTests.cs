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
    public async Task PublishingARenamedState_StopsForAMapping_ThenPublishesAndMovesExactlyThePreviewedRequests()
    {
        using var client = Client(_app.Demo.Analysts[0].ApiToken);
        var from = (await client.GetFromJsonAsync<JsonElement>("/api/v1/studio/definitions")).EnumerateArray()
            .Single(d => d.GetProperty("id").GetString() == "financing-request").GetProperty("currentVersion").GetInt32();
        var token = await EditDraftAsync(client, json => json, text => text.Replace("\"EnCours\"", "\"EnInstruction\""));
        var deposited = await DepositedNumbersAsync(from);
        Assert.NotEmpty(deposited);

        using var stopped = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/draft/publish", new { token });
        Assert.Equal(HttpStatusCode.Conflict, stopped.StatusCode);
        var problem = JsonNode.Parse(await stopped.Content.ReadAsStringAsync())!;
        Assert.Equal("Correspondance des états requise", (string?)problem["title"]);
        Assert.Contains($"(EnCours) : {deposited.Count} dossier(s)", (string?)problem["detail"]);
        var toMap = problem["etatsACorrespondre"]!.AsArray().Single()!;
        Assert.Equal(("EnCours", deposited.Count, "EnInstruction"), ((string?)toMap["code"], (int)toMap["instances"]!, (string?)toMap["suggested"]));

        var mapping = new Dictionary<string, string> { ["EnCours"] = "EnInstruction" };
        using var previewAnswer = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/draft/publish/preview", new { correspondances = mapping });
        var lines = JsonNode.Parse(await previewAnswer.Content.ReadAsStringAsync())!["moving"]!.AsArray();
        Assert.Equal(deposited.Order(), lines.Select(l => (string)l!["reference"]!).Order());
        Assert.All(lines, l => Assert.Null((string?)l!["problem"]));
        var moving = lines.Select(l => (Guid)l!["instanceId"]!).ToList();

        using var published = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/draft/publish",
            new { token, correspondances = mapping, dossiers = moving });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        var answer = JsonNode.Parse(await published.Content.ReadAsStringAsync())!;
        Assert.Equal((from + 1, moving.Count), ((int)answer["version"]!, (int)answer["deplaces"]!));

        var moved = await client.GetFromJsonAsync<JsonElement>($"/api/v1/studio/definitions/financing-request/instances?version={from + 1}&etat=EnInstruction");
        Assert.Equal(moving.Order(), moved.EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Order());
        var detail = await client.GetFromJsonAsync<JsonElement>($"/api/v1/studio/instances/{moving[0]}");
        Assert.Equal("Migrer", detail.GetProperty("journal").EnumerateArray().Last().GetProperty("trigger").GetString());
        Assert.Contains(detail.GetProperty("tasks").EnumerateArray(), t => t.GetProperty("label").GetString() == "Instruire la demande");
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        Assert.Equal(moving.Count, await db.FinancingRequests.CountAsync(r => r.Status == "EnInstruction"));

        // The other dossiers stay on their version until an explicit migration, previewed by their numéro ASP.
        using var rest = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/migration/preview", new { de = from, vers = from + 1 });
        var others = JsonNode.Parse(await rest.Content.ReadAsStringAsync())!["dossiers"]!.AsArray();
        Assert.Equal(await db.WorkflowInstances.CountAsync(i => i.DefinitionId == "financing-request" && i.DefinitionVersion == from), others.Count);
        Assert.All(others, l => Assert.False(Guid.TryParse((string?)l!["reference"], out _)));
        using var migrated = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/migration",
            new { de = from, vers = from + 1, dossiers = others.Select(l => (Guid)l!["instanceId"]!).ToList() });
        Assert.Equal(others.Count, (int)JsonNode.Parse(await migrated.Content.ReadAsStringAsync())!["deplaces"]!);
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

    private async Task<List<string>> DepositedNumbersAsync(int version)
    {
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var ids = await db.WorkflowInstances.Where(i => i.DefinitionId == "financing-request" && i.DefinitionVersion == version && i.State == "EnCours")
            .Select(i => i.SubjectId).ToListAsync();
        var guids = ids.Select(Guid.Parse).ToList();
        return await db.FinancingRequests.Where(r => guids.Contains(r.Id)).Select(r => r.NumeroAsp).ToListAsync();
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

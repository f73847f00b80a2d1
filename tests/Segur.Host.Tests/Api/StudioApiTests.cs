using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Api;

/// <summary>The Studio API as an analyst's script uses it, and what it refuses to everybody else.</summary>
public sealed partial class StudioApiTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheStudioApi_IsForbiddenToASupplier_AndToStaff()
    {
        foreach (var token in new[] { _app.Demo.Suppliers[0].ApiToken, _app.Demo.Staff[0].ApiToken })
        {
            using var client = Client(token);
            using var list = await client.GetAsync("/api/v1/studio/definitions");
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            using var open = await client.PostAsync("/api/v1/studio/definitions/financing-request/draft", null);
            Assert.Equal(HttpStatusCode.Forbidden, open.StatusCode);
        }

        using var anonymous = await _app.CreateClient().GetAsync("/api/v1/studio/definitions");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task AnAnalyst_EditsADraftWithItsToken_IsToldOfAStaleSave_AndPublishesOnlyAValidDraft()
    {
        using var client = Client(_app.Demo.Analysts[0].ApiToken);
        var definitions = await client.GetFromJsonAsync<JsonElement>("/api/v1/studio/definitions");
        var request = definitions.EnumerateArray().Single(d => d.GetProperty("id").GetString() == "financing-request");
        Assert.Equal("FinancingRequest", request.GetProperty("subjectType").GetString());
        var current = request.GetProperty("currentVersion").GetInt32();

        using var opened = await client.PostAsync("/api/v1/studio/definitions/financing-request/draft", null);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var draft = JsonNode.Parse(await opened.Content.ReadAsStringAsync())!;
        var token = (int)draft["token"]!;
        var json = JsonNode.Parse((string)draft["json"]!)!;

        json["rules"]!["plafondsHT"]!["LGC"] = 1500;
        json["transitions"]![0]!["to"] = "NullePart";
        using var saved = await client.PutAsJsonAsync("/api/v1/studio/definitions/financing-request/draft", new { json = json.ToJsonString(s_indented), token });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var answer = JsonNode.Parse(await saved.Content.ReadAsStringAsync())!;
        var problem = answer["problems"]!.AsArray().First(p => (string?)p!["path"] == "$.transitions[0].to")!;
        Assert.Equal("$.transitions[0].to", (string?)problem["path"]);
        Assert.True((int)problem["line"]! > 1);

        using var stale = await client.PutAsJsonAsync("/api/v1/studio/definitions/financing-request/draft", new { json = json.ToJsonString(s_indented), token });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var conflict = JsonNode.Parse(await stale.Content.ReadAsStringAsync())!;
        Assert.Equal((int)answer["token"]!, (int)conflict["brouillonActuel"]!["token"]!);

        token = (int)answer["token"]!;
        using var refused = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/draft/publish", new { token });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("$.transitions[0].to", await refused.Content.ReadAsStringAsync());

        json["transitions"]![0]!["to"] = "EnCours";
        using var fixedDraft = await client.PutAsJsonAsync("/api/v1/studio/definitions/financing-request/draft", new { json = json.ToJsonString(s_indented), token });
        token = (int)JsonNode.Parse(await fixedDraft.Content.ReadAsStringAsync())!["token"]!;

        var diff = await client.GetFromJsonAsync<JsonElement>($"/api/v1/studio/definitions/financing-request/diff?from={current}&to=brouillon");
        Assert.Contains(diff.EnumerateArray().Single(s => s.GetProperty("title").GetString() == "Règles").GetProperty("changes").EnumerateArray(),
            c => c.GetString()!.Contains("« LGC »", StringComparison.Ordinal) && c.GetString()!.Contains("1 500", StringComparison.Ordinal) || c.GetString()!.Contains("1\u202f500", StringComparison.Ordinal));

        using var published = await client.PostAsJsonAsync("/api/v1/studio/definitions/financing-request/draft/publish", new { token });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        Assert.Equal(current + 1, (int)JsonNode.Parse(await published.Content.ReadAsStringAsync())!["version"]!);
        using var gone = await client.GetAsync("/api/v1/studio/definitions/financing-request/draft");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        using var rollback = await client.PostAsync($"/api/v1/studio/definitions/financing-request/versions/{current}/publish", null);
        Assert.Equal(HttpStatusCode.Created, rollback.StatusCode);
        Assert.Equal(current + 2, (int)JsonNode.Parse(await rollback.Content.ReadAsStringAsync())!["version"]!);
    }

    [Fact]
    public async Task EveryStudioEndpoint_IsInTheOpenApiDocumentWithAFrenchDescription_AndForbiddenToANonAnalyst()
    {
        var endpoints = StudioEndpoints();
        Assert.True(endpoints.Count >= 20, $"{endpoints.Count} points d'entrée du Studio seulement");
        using var document = JsonDocument.Parse(await _app.CreateClient().GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var (method, path) in endpoints)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} manque dans le document OpenAPI");
            Assert.True(item.TryGetProperty(method.ToLowerInvariant(), out var operation), $"{method} {path} manque dans le document OpenAPI");
            var summary = operation.TryGetProperty("summary", out var s) ? s.GetString() ?? "" : "";
            Assert.True(FrenchWords().IsMatch(summary), $"{method} {path} : résumé absent ou pas en français (« {summary} »)");
        }

        foreach (var token in new[] { _app.Demo.Suppliers[0].ApiToken, _app.Demo.Staff[0].ApiToken })
        {
            using var client = Client(token);
            foreach (var (method, path) in endpoints)
            {
                var url = path.Replace("{id}", "financing-request", StringComparison.Ordinal).Replace("{version}", "1", StringComparison.Ordinal)
                    .Replace("{instanceId}", Guid.NewGuid().ToString(), StringComparison.Ordinal).Replace("{incidentId}", Guid.NewGuid().ToString(), StringComparison.Ordinal);
                using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { }) };
                using var answer = await client.SendAsync(request);
                Assert.True(answer.StatusCode == HttpStatusCode.Forbidden, $"{method} {url} : {(int)answer.StatusCode} au lieu de 403");
            }
        }
    }

    /// <summary>Every (method, OpenAPI path) the Host maps under /api/v1/studio, read from its routing table.</summary>
    private List<(string Method, string Path)> StudioEndpoints() =>
        _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/studio", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m =>
                (m, RouteConstraint().Replace(e.RoutePattern.RawText!, "{$1}"))))
            .Distinct()
            .ToList();

    [GeneratedRegex(@"\{(\w+):[^}]+\}")]
    private static partial Regex RouteConstraint();

    [GeneratedRegex(@"[éèêàùç]|\b(le|la|les|un|une|des|du|de|et|ou)\b")]
    private static partial Regex FrenchWords();

    private HttpClient Client(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

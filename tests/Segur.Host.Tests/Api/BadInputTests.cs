using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Api;

/// <summary>Bad input gets a French 400/413/422 ProblemDetails, never a 500 (issue 7, point 7).</summary>
public sealed class BadInputTests(SharedSegurApp shared) : IClassFixture<SharedSegurApp>
{
    private readonly SegurApp _app = shared.App;

    [Theory]
    [InlineData("/api/v1/imports?au=9999-12-31&du=9999-12-31", 200)]
    [InlineData("/api/v1/requests?du=0001-01-01&au=9999-12-31", 200)]
    [InlineData("/api/v1/requests?au=9999-12-31", 400)]
    [InlineData("/api/v1/requests?du=0001-01-01", 400)]
    [InlineData("/api/v1/requests?du=2026-12-01&au=2026-11-01", 400)]
    [InlineData("/api/v1/exports/requests.csv?du=2026-11-01", 400)]
    [InlineData("/api/v1/imports?page=abc", 400)]
    [InlineData("/api/v1/requests?page=abc", 400)]
    [InlineData("/api/v1/imports?du=2026-13-45&au=2026-12-31", 400)]
    [InlineData("/api/v1/requests?du=2026-13-45", 400)]
    [InlineData("/api/v1/requests?taille=99999999999", 400)]
    public async Task AQueryValue_IsReadOrRefusedInFrench(string url, int status)
    {
        using var client = Client();

        using var response = await client.GetAsync(url);

        Assert.Equal(status, (int)response.StatusCode);
        if (status != 200)
        {
            await AssertFrenchProblemAsync(response);
        }
    }

    public static TheoryData<string> BadImports() => new()
    {
        "duplicate-header", "invalid-utf8-header", "lone-surrogate-header", "not-an-object", "deep",
    };

    [Theory]
    [MemberData(nameof(BadImports))]
    public async Task ABrokenImportFile_IsRefusedInFrench(string breakage)
    {
        var supplier = _app.Demo.Suppliers[0];
        var text = $"{{\"numeroAns\": \"{supplier.NumeroAns}\", \"siret\": \"{supplier.Siret}\", \"lignesImport\": []}}";
        var body = breakage switch
        {
            "duplicate-header" => Encoding.UTF8.GetBytes(text.Replace("{\"numeroAns\"", "{\"siret\": \"1\", \"numeroAns\"")),
            "invalid-utf8-header" => Encoding.UTF8.GetBytes(text.Replace(supplier.NumeroAns, "ANS\u00e9")).Select(b => b == 0xC3 ? (byte)0xFF : b).ToArray(),
            "lone-surrogate-header" => Encoding.UTF8.GetBytes(text.Replace(supplier.NumeroAns, "ANS\\ud800")),
            "not-an-object" => "[1, 2]"u8.ToArray(),
            _ => Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100)),
        };
        using var client = Client();

        using var response = await client.PostAsync("/api/v1/imports", new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        await AssertFrenchProblemAsync(response);
    }

    public static TheoryData<string> BadUploads() => new()
    {
        "no-boundary", "truncated", "crlf-file-name", "too-many-parts", "not-multipart",
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task ABrokenUpload_IsRefusedInFrench(string breakage)
    {
        using var client = Client();
        var content = breakage switch
        {
            "no-boundary" => Raw("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4\r\n--x--\r\n"),
            "truncated" => Raw("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.4 tronqu"),
            "crlf-file-name" => Raw("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\r\nb.pdf\"\r\n\r\n%PDF-1.4\r\n--x--\r\n"),
            "too-many-parts" => Raw("multipart/form-data; boundary=x",
                string.Concat(Enumerable.Range(0, 1100).Select(i => $"--x\r\nContent-Disposition: form-data; name=\"v{i}\"\r\n\r\n{i}\r\n")) + "--x--\r\n"),
            _ => Raw("text/plain", "bonjour"),
        };

        foreach (var url in new[] { "/api/v1/requests/ASP260000001M0/documents", "/api/v1/documents" })
        {
            using var response = await client.PostAsync(url, content);
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity,
                $"{url} : {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            await AssertFrenchProblemAsync(response);
        }
    }

    [Fact]
    public async Task AnUploadOver60Megabytes_IsRefused_With413()
    {
        using var client = Client();
        using var content = new MultipartFormDataContent { { new ByteArrayContent(new byte[61 * 1024 * 1024]), "f", "gros.pdf" } };

        using var response = await client.PostAsync("/api/v1/documents", content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        await AssertFrenchProblemAsync(response);
    }

    [Theory]
    [InlineData("/demandes?page=abc")]
    [InlineData("/demandes?du=2026-13-45&au=2026-12-31")]
    [InlineData("/demandes?du=0001-01-01&au=9999-12-31")]
    [InlineData("/demandes/incompletes?page=abc")]
    public async Task ABadQueryValueOnAPage_ShowsThePage_NotAnError(string url)
    {
        using var browser = _app.Pages();
        await browser.SignInAsync(_app.Demo.Suppliers[0].Uid, _app.Demo.Suppliers[0].Password);

        var page = await browser.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, page.Status);
    }

    internal static async Task AssertFrenchProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var text = $"{problem["title"]} {problem["detail"]}";
        Assert.DoesNotContain("Failed to", text, StringComparison.Ordinal);
        Assert.Matches("[éèàêç]|demande|fichier|valeur", text);
    }

    private static ByteArrayContent Raw(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private HttpClient Client()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _app.Demo.Suppliers[0].ApiToken);
        return client;
    }
}

/// <summary>One Host for a class whose tests change nothing another test reads.</summary>
public sealed class SharedSegurApp : IAsyncLifetime
{
    public SegurApp App { get; } = SegurApp.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

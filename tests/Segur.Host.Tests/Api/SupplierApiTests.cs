using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Api;

/// <summary>The supplier API as a supplier's own software uses it: a bearer token, JSON in, JSON out.</summary>
public sealed class SupplierApiTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ASupplierSimulatesImportsAddsDocuments_AndFollowsItsRequests()
    {
        var supplier = _app.Demo.Suppliers[0];
        using var client = Client(supplier);
        var file = Sample(supplier);

        using var simulated = await client.PostAsync("/api/v1/imports?simulation=true", Json(file));
        Assert.Equal(HttpStatusCode.OK, simulated.StatusCode);
        var simulation = JsonNode.Parse(await simulated.Content.ReadAsStringAsync())!;
        Assert.All(simulation["lignesImport"]!.AsArray(), l => Assert.Equal("VALIDE_SIMULATION", (string?)l!["codeTraitement"]));
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/v1/requests")).GetProperty("total").GetInt32());

        using var imported = await client.PostAsync("/api/v1/imports?nomFichier=lot-1.json", Json(file));
        var returned = JsonNode.Parse(await imported.Content.ReadAsStringAsync())!;
        Assert.NotNull(returned["impId"]);
        var numeros = returned["lignesImport"]!.AsArray().Select(l => (string)l!["numeroASP"]!).ToList();
        Assert.Equal(3, numeros.Count);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/requests?statut=Non%20complétée");
        Assert.Equal(3, list.GetProperty("total").GetInt32());
        var first = await client.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numeros[0]}");
        Assert.Equal(("Non complétée", "Aucun paiement en cours", "avance"),
            (first.GetProperty("statut").GetString(), first.GetProperty("etatPaiement").GetString(), first.GetProperty("type").GetString()));

        var pdfName = (string)file["lignesImport"]![0]!["piecesJustificatives"]![0]!["nomFichier"]!;
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(Pdf()), "piece", pdfName } };
        using var added = await client.PostAsync($"/api/v1/requests/{numeros[0]}/documents", upload);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        Assert.Equal("En cours", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numeros[0]}")).GetProperty("statut").GetString());

        var imports = await client.GetFromJsonAsync<JsonElement>("/api/v1/imports");
        var row = imports.GetProperty("items")[0];
        Assert.Equal(("lot-1.json", 3, 0), (row.GetProperty("nomFichier").GetString(), row.GetProperty("retenues").GetInt32(), row.GetProperty("rejetees").GetInt32()));
        using var download = await client.GetAsync($"/api/v1/imports/{row.GetProperty("identifiant").GetInt64()}/fichier-retourne");
        Assert.Equal(returned.ToJsonString(), JsonNode.Parse(await download.Content.ReadAsStringAsync())!.ToJsonString());
    }

    [Fact]
    public async Task AnotherSuppliersRequest_AnswersNotFound()
    {
        var owner = _app.Demo.Suppliers[0];
        using var ownerClient = Client(owner);
        using var imported = await ownerClient.PostAsync("/api/v1/imports", Json(Sample(owner)));
        var numero = (string)JsonNode.Parse(await imported.Content.ReadAsStringAsync())!["lignesImport"]![0]!["numeroASP"]!;

        using var other = Client(_app.Demo.Suppliers[1]);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/requests/{numero}")).StatusCode);
        using var upload = new MultipartFormDataContent { { new ByteArrayContent(Pdf()), "f", "x.pdf" } };
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/v1/requests/{numero}/documents", upload)).StatusCode);
        Assert.Equal(0, (await other.GetFromJsonAsync<JsonElement>("/api/v1/requests")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ARefusedFile_IsA422ProblemWithEveryReason()
    {
        using var client = Client(_app.Demo.Suppliers[0]);

        using var response = await client.PostAsync("/api/v1/imports", new StringContent("{\n \"numeroAns\": ,\n}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("n'est pas un JSON valide : erreur ligne 2", problem.GetProperty("erreurs")[0].GetString());
    }

    [Fact]
    public async Task AFileOverTheLimit_Is413()
    {
        using var client = Client(_app.Demo.Suppliers[0]);
        using var response = await client.PostAsync("/api/v1/imports", new ByteArrayContent(new byte[6 * 1024 * 1024]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task ADocumentThatIsNotWhatItsNameSays_Is422_AndNothingIsStored()
    {
        var supplier = _app.Demo.Suppliers[0];
        using var client = Client(supplier);
        using var imported = await client.PostAsync("/api/v1/imports", Json(Sample(supplier)));
        var numero = (string)JsonNode.Parse(await imported.Content.ReadAsStringAsync())!["lignesImport"]![0]!["numeroASP"]!;

        using var upload = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("MZ not a pdf")), "piece", "bon.pdf" } };
        using var response = await client.PostAsync($"/api/v1/requests/{numero}/documents", upload);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("« bon.pdf » n'est pas un PDF", await response.Content.ReadAsStringAsync());
        Assert.Equal("Non complétée", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/requests/{numero}")).GetProperty("statut").GetString());
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesTheSupplierApi()
    {
        using var client = _app.CreateClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/imports", out _));
        Assert.True(paths.TryGetProperty("/api/v1/requests/{numeroASP}/documents", out _));
        var schema = await client.GetStringAsync("/schemas/import-financement.schema.json");
        Assert.Contains("lignesImport", schema);
    }

    private HttpClient Client(DemoSupplier supplier)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", supplier.ApiToken);
        return client;
    }

    private static JsonObject Sample(DemoSupplier supplier)
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Api", "avance-3-lignes.json")))!.AsObject();
        file["numeroAns"] = supplier.NumeroAns;
        file["siret"] = supplier.Siret;
        foreach (var line in file["lignesImport"]!.AsArray())
        {
            var numero = $"{line!["numeroEditeur"]}-{Guid.NewGuid():N}"[..30];
            line["numeroEditeur"] = numero;
            line["piecesJustificatives"]![0]!["nomFichier"] = numero + ".pdf";
            line["beneficiaires"]!["liberal"]![0]!["RPPS"] = SupplierImports.RppsFor(supplier, numero);
        }

        return file;
    }

    private static StringContent Json(JsonNode file) => new(file.ToJsonString(), Encoding.UTF8, "application/json");

    private static byte[] Pdf() => Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");
}

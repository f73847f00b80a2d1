using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Api;

/// <summary>The CSV exports as Excel and a supplier's software read them: French format, the table's filters, each supplier's own data.</summary>
public sealed class ExportsTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheRequestsExport_IsFrenchExcelCsv_WithEveryColumnAndADecimalComma()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numeros = await ImportSampleAsync(supplier);

        using var client = Client(supplier.ApiToken);
        using var response = await client.GetAsync("/api/v1/exports/requests.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("demandes-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);

        var rows = Read(bytes);
        Assert.Equal(3, rows.Count);
        var first = rows.Single(r => r["Numéro ASP"] == numeros[0]);
        Assert.Equal("358,33", first["Montant déclaré HT"]);
        Assert.Equal("Avance", first["Type"]);
        Assert.Equal("Non complétée", first["Statut"]);
        Assert.Equal("Aucun paiement en cours", first["État du paiement"]);
        Assert.Equal("Cabinet Logiciels Santé Exemple", first["Dénomination sociale"]);
        Assert.Equal("Médecin de ville", first["Couloir"]);
        Assert.Equal("15/09/2026", first["Date de commande"]);
        Assert.Equal(ParisDays.DayOf(DateTime.UtcNow).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture), first["Date de dépôt"]);
        Assert.Equal("", first["Montant décidé"]);
        Assert.Equal("", first["Date de paiement"]);
    }

    [Fact]
    public async Task TheRequestsExport_ShowsTheAmountsAndPaymentDates_OnceDecidedAndPaid()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numero = (await SupplierImports.DepositAvancesAsync(_app, supplier, "EXP-PAYEE-1")).Single();
        await SupplierImports.ValidateAndDecideAsync(_app, numero);
        await SupplierImports.PayAsync(_app, numero, new DateOnly(2026, 11, 20));

        using var client = Client(supplier.ApiToken);
        var row = Read(await client.GetByteArrayAsync("/api/v1/exports/requests.csv")).Single(r => r["Numéro ASP"] == numero);

        Assert.Equal("Paiement effectué", row["État du paiement"]);
        Assert.Equal("20/11/2026", row["Date de paiement"]);
        Assert.Equal(row["Montant décidé"], row["Montant payé"]);
        Assert.Matches(@"^\d+,\d\d$", row["Montant payé"]);
        Assert.Matches(@"^\d\d/\d\d/\d{4}$", row["Date de mise en paiement"]);
    }

    [Fact]
    public async Task TheBeneficiariesExport_ListsTheCouloirsIdentifiers_AndTheAccentedNames()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numeros = await ImportSampleAsync(supplier);

        using var client = Client(supplier.ApiToken);
        using var response = await client.GetAsync("/api/v1/exports/beneficiaries.csv?couloir=MEDECIN_DE_VILLE");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = CsvReader.Create(await response.Content.ReadAsByteArrayAsync(), CsvReaderOptions.Default with { Separator = ';' });
        reader.ReadHeader();
        Assert.Contains("RPPS", reader.Headers);
        Assert.DoesNotContain("FINESS juridique", reader.Headers);
        var rows = Rows(reader);
        var helene = rows.Single(r => r["Numéro ASP"] == numeros[0]);
        Assert.Equal("Dr Hélène Lefèvre", helene["Nom"]);
        Assert.Equal(SupplierImports.RppsFor(supplier, NumeroEditeur(numeros[0], rows)), helene["RPPS"]);
        Assert.Equal("Professionnel libéral", helene["Commande pour"]);

        // A structure couloir names its establishments by FINESS.
        using var hospital = Client(_app.Demo.Suppliers[1].ApiToken);
        using var structures = await hospital.GetAsync("/api/v1/exports/beneficiaries.csv?couloir=hopital");
        using var hospitalReader = CsvReader.Create(await structures.Content.ReadAsByteArrayAsync(), CsvReaderOptions.Default with { Separator = ';' });
        hospitalReader.ReadHeader();
        Assert.Equal(["FINESS juridique", "FINESS PMSI (géographique)"], hospitalReader.Headers.Where(h => h.StartsWith("FINESS", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnExportForACouloirThatDoesNotExist_AnswersAClearFrench400()
    {
        using var client = Client(_app.Demo.Suppliers[0].ApiToken);
        using var response = await client.GetAsync("/api/v1/exports/beneficiaries.csv?couloir=PLANETAIRE");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Couloir inconnu", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("« PLANETAIRE » n'est pas un couloir connu", detail);
        Assert.Contains("MEDECIN_DE_VILLE", detail);

        using var missing = await client.GetAsync("/api/v1/exports/beneficiaries.csv");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("Paramètre « couloir » manquant", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task TheTablesFilters_AreHonoured_ByThePagesExportAndTheApi()
    {
        var supplier = _app.Demo.Suppliers[0];
        var numeros = await SupplierImports.ImportAvancesAsync(_app, supplier, "EXP-FILTRE-1", "EXP-FILTRE-2", "EXP-FILTRE-3");
        await SupplierImports.AddDocumentAsync(_app, supplier, numeros[1], "EXP-FILTRE-2.pdf");

        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var page = await browser.Http.GetByteArrayAsync("/exports/demandes.csv?statut=En%20cours");
        Assert.Equal([numeros[1]], Read(page).Select(r => r["Numéro ASP"]));

        // The requests table offers the export of its current filters.
        var table = await browser.GetAsync("/demandes?statut=Non%20compl%C3%A9t%C3%A9e&numero=EXP-FILTRE");
        var link = table.Document.QuerySelector("[data-testid='export-csv']")!.GetAttribute("href")!;
        Assert.StartsWith("/exports/demandes.csv?", link);
        var filtered = Read(await browser.Http.GetByteArrayAsync(link)).Select(r => r["Numéro ASP"]).Order().ToList();
        Assert.Equal([numeros[0], numeros[2]], filtered);

        using var api = Client(supplier.ApiToken);
        var byApi = Read(await api.GetByteArrayAsync("/api/v1/exports/requests.csv?statut=Non%20compl%C3%A9t%C3%A9e&numero=EXP-FILTRE-3"));
        Assert.Equal([numeros[2]], byApi.Select(r => r["Numéro ASP"]));
    }

    [Fact]
    public async Task ASupplierNeverExportsAnotherSuppliersData_StaffExportEverySuppliersDeposited()
    {
        var first = _app.Demo.Suppliers[0];
        var second = _app.Demo.Suppliers[1];
        var mine = await SupplierImports.DepositAvancesAsync(_app, first, "EXP-ISOLE-1");
        var theirs = await SupplierImports.DepositAvancesAsync(_app, second, "EXP-ISOLE-2");
        var incomplete = await SupplierImports.ImportAvancesAsync(_app, second, "EXP-ISOLE-3");

        using var firstClient = Client(first.ApiToken);
        var firstRows = Read(await firstClient.GetByteArrayAsync("/api/v1/exports/requests.csv")).Select(r => r["Numéro ASP"]).ToList();
        Assert.Contains(mine[0], firstRows);
        Assert.DoesNotContain(theirs[0], firstRows);
        Assert.DoesNotContain(incomplete[0], firstRows);
        var firstHospital = Read(await firstClient.GetByteArrayAsync("/api/v1/exports/beneficiaries.csv?couloir=HOPITAL"));
        Assert.Empty(firstHospital);

        using var staff = Client(_app.Demo.Staff[0].ApiToken);
        var staffRows = Read(await staff.GetByteArrayAsync("/api/v1/exports/requests.csv")).Select(r => r["Numéro ASP"]).ToList();
        Assert.Contains(mine[0], staffRows);
        Assert.Contains(theirs[0], staffRows);
        Assert.DoesNotContain(incomplete[0], staffRows);

        using var anonymous = _app.CreateClient();
        using var refused = await anonymous.GetAsync("/api/v1/exports/requests.csv");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task StaffExportFromTheInstructionSearch_HoldsExactlyTheRowsTheScreenShows_InItsOrder()
    {
        var first = _app.Demo.Suppliers[0];
        var second = _app.Demo.Suppliers[1];
        var deposited = await SupplierImports.DepositAvancesAsync(_app, first, "EXP-STAFF-1", "EXP-STAFF-2", "EXP-STAFF-3");
        var validated = deposited[1];
        await SupplierImports.StaffFireAsync(_app, validated, "Valider");
        var otherSupplier = await SupplierImports.DepositAvancesAsync(_app, second, "EXP-STAFF-4");
        var today = ParisDays.DayOf(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        using var browser = _app.Pages();
        await browser.SignInAsync(_app.Demo.Staff[0].Uid, _app.Demo.Staff[0].Password);
        // A supplier (part of its name), a status, a deposit period and an order by declared amount, highest first.
        var search = $"/instruction?fournisseur={Uri.EscapeDataString(first.Denomination[..10])}&statut=En%20cours&du={today}&au={today}&tri=montantDeclare&ordre=desc";
        var screen = await browser.GetAsync(search);
        Assert.Equal(HttpStatusCode.OK, screen.Status);
        var shown = screen.Document.QuerySelectorAll("[data-testid='numero-asp']").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal([deposited[2], deposited[0]], shown.Where(deposited.Contains));
        Assert.DoesNotContain(validated, shown);
        Assert.DoesNotContain(otherSupplier[0], shown);
        Assert.All(screen.Document.QuerySelectorAll("[data-testid='fournisseur']"), c => Assert.Equal(first.Denomination, c.TextContent.Trim()));

        var link = screen.Document.QuerySelector("[data-testid='export-csv']")!.GetAttribute("href")!;
        Assert.StartsWith("/exports/instruction.csv?", link);
        using var response = await browser.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = Read(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(shown, rows.Select(r => r["Numéro ASP"]));
        Assert.All(rows, r => Assert.Equal("En cours", r["Statut"]));
        Assert.Equal(
            [.. rows.Select(r => decimal.Parse(r["Montant déclaré HT"], CultureInfo.GetCultureInfo("fr-FR"))).OrderDescending()],
            rows.Select(r => decimal.Parse(r["Montant déclaré HT"], CultureInfo.GetCultureInfo("fr-FR"))));

        // Another period: nothing on the screen, nothing in the file.
        var empty = await browser.GetAsync($"/instruction?fournisseur={Uri.EscapeDataString(first.Denomination[..10])}&du=2020-01-01&au=2020-01-31");
        Assert.Empty(empty.Document.QuerySelectorAll("[data-testid='numero-asp']"));
        Assert.Empty(Read(await browser.Http.GetByteArrayAsync(empty.Document.QuerySelector("[data-testid='export-csv']")!.GetAttribute("href")!)));

        // A supplier cannot use the staff's export.
        using var supplierBrowser = _app.Pages();
        await supplierBrowser.SignInAsync(first.Uid, first.Password);
        using var refused = await supplierBrowser.Http.GetAsync("/exports/instruction.csv");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    /// <summary>The three avances of the API sample, the first for « Dr Hélène Lefèvre » at 358,33 € HT; their numéros ASP.</summary>
    private async Task<IReadOnlyList<string>> ImportSampleAsync(DemoSupplier supplier)
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Api", "avance-3-lignes.json")))!.AsObject();
        file["numeroAns"] = supplier.NumeroAns;
        file["siret"] = supplier.Siret;
        foreach (var line in file["lignesImport"]!.AsArray())
        {
            var numero = $"EXP-{Guid.NewGuid():N}"[..20];
            line!["numeroEditeur"] = numero;
            line["piecesJustificatives"]![0]!["nomFichier"] = numero + ".pdf";
            line["beneficiaires"]!["liberal"]![0]!["RPPS"] = SupplierImports.RppsFor(supplier, numero);
        }

        file["lignesImport"]![0]!["beneficiaires"]!["liberal"]![0]!["nomMedecin"] = "Dr Hélène Lefèvre";
        using var client = Client(supplier.ApiToken);
        using var imported = await client.PostAsync("/api/v1/imports", new StringContent(file.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var returned = JsonNode.Parse(await imported.Content.ReadAsStringAsync())!;
        return [.. returned["lignesImport"]!.AsArray().Select(l => (string)l!["numeroASP"]!)];
    }

    private static string NumeroEditeur(string numeroAsp, IReadOnlyList<IReadOnlyDictionary<string, string>> rows) =>
        rows.Single(r => r["Numéro ASP"] == numeroAsp)["Numéro éditeur"];

    private HttpClient Client(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The file as Excel reads it: ';' separated, a header row, UTF-8 with its byte order mark.</summary>
    private static List<IReadOnlyDictionary<string, string>> Read(byte[] csv)
    {
        using var reader = CsvReader.Create(csv, CsvReaderOptions.Default with { Separator = ';' });
        return Rows(reader);
    }

    private static List<IReadOnlyDictionary<string, string>> Rows(CsvReader reader)
    {
        var rows = new List<IReadOnlyDictionary<string, string>>();
        while (reader.Read())
        {
            var headers = reader.Headers;
            rows.Add(Enumerable.Range(0, headers.Count).ToDictionary(i => headers[i], i => reader.GetString(i) ?? ""));
        }

        return rows;
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Imports;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Subjects;

namespace Segur.Workflows.Tests.Imports;

public abstract class ImportServiceTests(DatabaseKind kind) : ImportFixtureTests(kind)
{
    [Fact]
    public async Task ThePublicSample_IsImported_AsThreeIncompleteRequests_WithTheirAspNumbers()
    {
        var result = await Fixture.ImportAsync(Fixture.Sample(), name: "avance-3-lignes.json");

        Assert.Equal((3, 3, 0, "avance"), (result.Lines, result.Retained, result.Rejected, result.Type));
        var returned = JsonNode.Parse(result.ReturnedJson)!;
        Assert.Equal(result.ImportNumber, returned["impId"]!.GetValue<long>());
        foreach (var line in ImportFixture.Lines(returned.AsObject()))
        {
            Assert.Equal(TreatmentCodes.Retenue, (string?)line["codeTraitement"]);
            Assert.Matches("^ASP26[0-9]{7}M0$", (string?)line["numeroASP"]);
        }

        await using var db = Host.NewContext();
        var requests = await db.FinancingRequests.AsNoTracking().Where(r => r.SupplierId == Fixture.Supplier.Id).ToListAsync();
        Assert.Equal(3, requests.Count);
        Assert.All(requests, r => Assert.Equal(("LGC", "TTC", Fixture.Enrolment.NumeroAns), (r.TypeLogiciel, r.RegimeTva, r.NumeroAns)));
        var ids = requests.Select(r => r.Id.ToString()).ToList();
        Assert.Equal(3, await db.WorkflowInstances.CountAsync(i => ids.Contains(i.SubjectId) && i.State == "NonCompletee"));
        var import = await db.Imports.AsNoTracking().SingleAsync(i => i.SupplierId == Fixture.Supplier.Id);
        Assert.Equal(("avance-3-lignes.json", 3, 0), (import.FileName, import.Retained, import.Rejected));
        Assert.Equal(result.ReturnedJson, import.ReturnedJson);
    }

    [Fact]
    public async Task TheSimulator_RunsTheSameChecks_AndStoresNothing()
    {
        var file = Fixture.Sample();
        ImportFixture.Lines(file)[1]["commande"]!["montantSegurHT"] = 0;

        var simulated = await Fixture.ImportAsync(file, simulation: true);

        Assert.Equal((2, 1), (simulated.Retained, simulated.Rejected));
        Assert.Null(JsonNode.Parse(simulated.ReturnedJson)!["impId"]);
        Assert.Equal([TreatmentCodes.Simulee, TreatmentCodes.Format, TreatmentCodes.Simulee], simulated.LineResults.Select(l => l.Code));
        await using (var db = Host.NewContext())
        {
            Assert.False(await db.FinancingRequests.AnyAsync(r => r.SupplierId == Fixture.Supplier.Id));
            Assert.False(await db.Imports.AnyAsync(i => i.SupplierId == Fixture.Supplier.Id));
        }

        var imported = await Fixture.ImportAsync(file);
        Assert.Equal(simulated.LineResults.Select(l => l.Message).ElementAt(1), imported.LineResults.ElementAt(1).Message);
        Assert.Equal((2, 1), (imported.Retained, imported.Rejected));
    }

    [Fact]
    public async Task ALineThatBreaksTheSchema_IsRejectedAlone_NamingTheField()
    {
        var file = Fixture.Sample();
        ImportFixture.Lines(file)[1]["commande"]!["montantSegurHT"] = "trois cents";
        ImportFixture.Lines(file)[2].Remove("numeroEditeur");

        var result = await Fixture.ImportAsync(file);

        Assert.Equal((1, 2), (result.Retained, result.Rejected));
        Assert.Contains("lignesImport[1].commande.montantSegurHT : type de valeur incorrect (reçu texte, attendu nombre)", result.LineResults[1].Message);
        Assert.Contains("lignesImport[2].numeroEditeur : champ obligatoire manquant", result.LineResults[2].Message);
        var returned = ImportFixture.Lines(JsonNode.Parse(result.ReturnedJson)!.AsObject());
        Assert.Equal(TreatmentCodes.Format, (string?)returned[1]["codeTraitement"]);
        Assert.Null(returned[1]["numeroASP"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("dup", TreatmentCodes.Doublon, "lignesImport[1].numeroEditeur : « ")]
    [InlineData("date-format", TreatmentCodes.Date, "lignesImport[1].commande.dateCommande : « 31/02/2026 » n'est pas une date")]
    [InlineData("date-early", TreatmentCodes.Date, "précède de plus de 120 jours le référencement du logiciel (01/06/2026)")]
    [InlineData("date-future", TreatmentCodes.Date, "est dans le futur")]
    [InlineData("rpps", TreatmentCodes.Beneficiaire, "lignesImport[1].beneficiaires.liberal[0].RPPS : « 10101010106 » n'est pas un numéro RPPS valide")]
    [InlineData("structure", TreatmentCodes.Beneficiaire, "une structure n'est financée que pour un centre de santé")]
    [InlineData("amount", TreatmentCodes.Format, "lignesImport[1].commande.montantSegurHT : doit être strictement positif")]
    public async Task ALineThatBreaksABusinessRule_IsRejectedAlone(string breakage, string code, string message)
    {
        var file = Fixture.Sample();
        var lines = ImportFixture.Lines(file);
        var line = lines[1];
        switch (breakage)
        {
            case "dup": line["numeroEditeur"] = (string?)lines[0]["numeroEditeur"]; break;
            case "date-format": line["commande"]!["dateCommande"] = "31/02/2026"; break;
            case "date-early": line["commande"]!["dateCommande"] = "2026-01-15"; break;
            case "date-future": line["commande"]!["dateCommande"] = "2026-12-24"; break;
            case "rpps": line["beneficiaires"]!["liberal"]![0]!["RPPS"] = "10101010106"; break;
            case "structure": line["beneficiaires"]!["commandePour"] = "STRUCTURE"; break;
            case "amount": line["commande"]!["montantSegurHT"] = -5; break;
        }

        var result = await Fixture.ImportAsync(file);

        Assert.Equal((2, 1), (result.Retained, result.Rejected));
        Assert.Equal(code, result.LineResults[1].Code);
        Assert.Contains(message, result.LineResults[1].Message);
    }

    [Fact]
    public async Task AScenarioOutsideTheSoftwaresProfiles_IsRejected()
    {
        var narrow = await ImportFixture.CreateAsync(Host, profiles: "DMP,MSSPRO,PSC");
        var result = await narrow.ImportAsync(narrow.Sample());

        Assert.Equal(0, result.Retained);
        Assert.All(result.LineResults, l => Assert.Contains("scenarioInstallation.isDirectToMSSCitoyen : le logiciel", l.Message));
    }

    [Fact]
    public async Task AnAlreadyUsedNumeroEditeur_IsRejected_AndTheSameFileTwice_IsRefused()
    {
        var file = Fixture.Sample();
        await Fixture.ImportAsync(file);

        var again = await Assert.ThrowsAsync<ImportRefusedException>(() => Fixture.ImportAsync(file));
        Assert.Contains("déjà été importé", again.Message);

        ImportFixture.Lines(file)[0]["numLigne"] = 1; // same lines, another file
        file["impId"] = null;
        var reformatted = await Fixture.ImportAsync(Encoding.UTF8.GetBytes(file.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true })));
        Assert.Equal(0, reformatted.Retained);
        Assert.All(reformatted.LineResults, l => Assert.Equal(TreatmentCodes.Doublon, l.Code));
    }

    public static TheoryData<string, string> RefusedFiles() => new()
    {
        { "malformed", "n'est pas un JSON valide : erreur ligne 3" },
        { "empty-lines", "contient 0 demande(s)" },
        { "too-many", "contient 201 demande(s)" },
        { "siret", "n'est pas celui de votre société" },
        { "foreign-ans", "ne correspond à aucun enrôlement validé de votre société" },
        { "mixed", "mélange 2 avance(s) et 1 solde(s)" },
        { "header", "siret : format incorrect" },
        { "huge", "la taille maximale est de 5 Mo" },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task AFileWithAWholeFileProblem_IsRefused_AndNothingIsStored(string breakage, string message)
    {
        var file = Fixture.Sample();
        byte[]? raw = null;
        switch (breakage)
        {
            case "malformed": raw = Encoding.UTF8.GetBytes("{\n  \"numeroAns\": \"x\",\n  \"siret\": ,\n}"); break;
            case "empty-lines": file["lignesImport"] = new JsonArray(); break;
            case "too-many":
                var line = ImportFixture.Lines(file)[0];
                file["lignesImport"] = new JsonArray(Enumerable.Range(0, 201).Select(_ => (JsonNode)line.DeepClone()).ToArray());
                break;
            case "siret": file["siret"] = "12345678900000"; break;
            case "foreign-ans":
                var other = await ImportFixture.CreateAsync(Host);
                file["numeroAns"] = other.Enrolment.NumeroAns;
                break;
            case "mixed":
                ImportFixture.Lines(file)[2]["numeroASP"] = "ASP260000001M0";
                ImportFixture.Lines(file)[2]["facture"] = new JsonObject { ["montantSegurHTFacture"] = 100 };
                break;
            case "header": file["siret"] = "123"; break;
            case "huge": raw = new byte[6 * 1024 * 1024]; Array.Fill(raw, (byte)' '); break;
        }

        var refused = await Assert.ThrowsAsync<ImportRefusedException>(() => raw is null ? Fixture.ImportAsync(file) : Fixture.ImportAsync(raw));

        Assert.Contains(refused.Errors, e => e.Contains(message));
        await using var db = Host.NewContext();
        Assert.False(await db.FinancingRequests.AnyAsync(r => r.SupplierId == Fixture.Supplier.Id));
        Assert.False(await db.Imports.AnyAsync(i => i.SupplierId == Fixture.Supplier.Id));
    }

    [Fact]
    public async Task ASolde_IsRefusedUntilItsAvanceIsDecidedAndPaid_ThenDecidesTheBalance()
    {
        var sample = Fixture.Sample();
        var avance = await Fixture.ImportAsync(sample);
        var numeroAvance = avance.LineResults[0].NumeroAsp!;

        var early = await Fixture.ImportAsync(SoldeFile(sample, numeroAvance, 400m));
        Assert.Equal(TreatmentCodes.Solde, early.LineResults.Single().Code);
        Assert.Contains("n'est possible qu'une fois son avance décidée et payée", early.LineResults.Single().Message);

        await DecideAndPayAsync(numeroAvance);

        var solde = await Fixture.ImportAsync(SoldeFile(sample, numeroAvance, 400m));
        Assert.Equal(TreatmentCodes.Retenue, solde.LineResults.Single().Code);
        Assert.Equal(numeroAvance[..^2] + "M1", solde.LineResults.Single().NumeroAsp);
        await using var check = Host.NewContext();
        var stored = await check.FinancingRequests.AsNoTracking().SingleAsync(r => r.NumeroAsp == solde.LineResults.Single().NumeroAsp);
        Assert.Equal(("solde", 400m, 129.00m), (stored.Type, stored.MontantFactureHT, stored.MontantAvanceVerse)); // 30 % of 358.33 HT × 1.20

        var second = await Fixture.ImportAsync(SoldeFile(sample, numeroAvance, 400m));
        Assert.Contains("a déjà une demande de solde", second.LineResults.Single().Message);
    }

    [Fact]
    public async Task ASolde_NamingABeneficiaryItsAvanceDoesNotFinance_IsRejected_NamingTheLineAndTheBeneficiary()
    {
        var sample = Fixture.Sample();
        var avance = await Fixture.ImportAsync(sample);
        var numeroAvance = avance.LineResults[0].NumeroAsp!;
        await DecideAndPayAsync(numeroAvance);
        var file = SoldeFile(sample, numeroAvance, 400m);
        var stranger = TestIdentifiers.Rpps();
        var line = ImportFixture.Lines(file)[0];
        line["beneficiaires"]!["liberal"]!.AsArray().Add(new JsonObject { ["nomMedecin"] = "Dr Autre", ["RPPS"] = stranger });

        var result = await Fixture.ImportAsync(file);

        var rejected = result.LineResults.Single();
        Assert.Equal((0, TreatmentCodes.Beneficiaire), (result.Retained, rejected.Code));
        Assert.Equal(
            $"lignesImport[0].beneficiaires.liberal[1].RPPS : le professionnel {stranger} n'est pas un bénéficiaire de l'avance {numeroAvance} " +
            "(un solde ne finance que les bénéficiaires de son avance)", rejected.Message);

        // The same solde naming only its avance's professional is retained.
        line["beneficiaires"]!["liberal"]!.AsArray().RemoveAt(1);
        Assert.Equal(TreatmentCodes.Retenue, (await Fixture.ImportAsync(file)).LineResults.Single().Code);
    }

    [Fact]
    public async Task AnImport_KeepsItsReturnedFileCompact_AndGivesItIndentedForDownload()
    {
        var result = await Fixture.ImportAsync(Fixture.Sample());

        await using var db = Host.NewContext();
        var stored = await db.Imports.AsNoTracking().Where(i => i.Number == result.ImportNumber).Select(i => i.ReturnedJson).SingleAsync();
        Assert.DoesNotContain('\n', stored);
        var download = await Host.Services.GetService<ImportQueries>().ReturnedFileAsync(Fixture.Supplier.Id, result.ImportNumber!.Value);
        Assert.Contains("\n  \"impId\": " + result.ImportNumber, download!.Value.Json);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(stored), JsonNode.Parse(download.Value.Json)));
        Assert.True(stored.Length < download.Value.Json.Length * 0.7, $"{stored.Length} characters stored, {download.Value.Json.Length} downloaded");
    }

    private async Task DecideAndPayAsync(string numeroAvance)
    {
        await using var db = Host.NewContext();
        var request = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.NumeroAsp == numeroAvance);
        var instance = (await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.SubjectId == request.Id.ToString())).Id;
        var supplier = SupplierActor(Fixture.Supplier.Id);
        await Host.FireAsync(instance, "CompleterPieces", supplier);
        await Host.FireAsync(instance, "Valider", Staff);
        await Host.FireAsync(instance, "Decider", Staff);
        var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.RequestId == request.Id);
        var paymentInstance = (await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.SubjectId == payment.Id.ToString())).Id;
        await Host.FireAsync(paymentInstance, "MettreEnPaiement", Staff);
        await Host.FireAsync(paymentInstance, "EnregistrerPaiement", Staff, ("montantPaye", payment.MontantDecide), ("datePaiement", "2026-10-20"));
    }

    /// <summary>A solde of the avance imported as the first line of <paramref name="avanceFile"/>: the same beneficiaries.</summary>
    private static JsonObject SoldeFile(JsonObject avanceFile, string numeroAvance, decimal invoice)
    {
        var file = avanceFile.DeepClone().AsObject();
        var line = ImportFixture.Lines(file)[0];
        line["numeroASP"] = numeroAvance;
        line["numeroEditeur"] = "FAC-" + Guid.NewGuid().ToString("N")[..10];
        line["facture"] = new JsonObject { ["montantSegurHTFacture"] = invoice, ["numeroFacture"] = "F-2026-001", ["dateFacture"] = "2026-09-30" };
        line["piecesJustificatives"] = new JsonArray(new JsonObject { ["nomFichier"] = "F-2026-001.pdf", ["formatFichier"] = "PDF", ["typeFichier"] = "FACTURE" });
        file["lignesImport"] = new JsonArray(line.DeepClone());
        return file;
    }
}

public sealed class SqliteImportServiceTests() : ImportServiceTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlImportServiceTests() : ImportServiceTests(DatabaseKind.PostgreSql);

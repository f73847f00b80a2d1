using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Imports;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Imports;

/// <summary>The file is read once; what the schema did not check is never used (issue 7, point 7).</summary>
public abstract class ImportReadingTests(DatabaseKind kind) : ImportFixtureTests(kind)
{
    public static TheoryData<string, string> SecondKeys() => new()
    {
        { "\"Commande\": {\"dateCommande\": \"2026-09-15\", \"regimeTVA\": \"XX\", \"montantSegurHT\": -1000}", "lignesImport[1].Commande : champ en double (déjà donné sous le nom « commande »)" },
        { "\"COMMANDE\": {\"dateCommande\": \"2026-09-15\", \"regimeTVA\": \"HT\", \"montantSegurHT\": 1e25}", "lignesImport[1].COMMANDE : champ en double" },
        { "\"NumeroEditeur\": \"" + new string('x', 5000) + "\"", "lignesImport[1].NumeroEditeur : champ en double (déjà donné sous le nom « numeroEditeur »)" },
        { "\"numLigne\": -5", "lignesImport[1].numLigne : champ en double" },
    };

    [Theory]
    [MemberData(nameof(SecondKeys))]
    public async Task ASecondKeyOfAnotherCase_RejectsTheLine_NamingItsPath_AndNothingOfItIsStored(string extra, string message)
    {
        var file = Fixture.Sample();
        var kept = new[] { 0, 2 }.Select(i => ImportFixture.Lines(file)[i]["commande"]!["montantSegurHT"]!.GetValue<decimal>()).Order().ToList();
        var result = await Fixture.ImportAsync(WithExtra(file, extra));

        Assert.Equal((2, 1), (result.Retained, result.Rejected));
        Assert.Equal(TreatmentCodes.Format, result.LineResults[1].Code);
        Assert.Contains(message, result.LineResults[1].Message);
        await using var db = Host.NewContext();
        var amounts = await db.FinancingRequests.AsNoTracking().Where(r => r.SupplierId == Fixture.Supplier.Id).Select(r => r.MontantSegurHTDeclare).ToListAsync();
        Assert.Equal(kept, amounts.Order());
    }

    [Fact]
    public async Task AnUnknownField_RejectsTheLine_AndOneInTheHeader_RefusesTheFile()
    {
        var file = Fixture.Sample();
        ImportFixture.Lines(file)[2]["commande"]!["remise"] = 10;

        var result = await Fixture.ImportAsync(file);

        Assert.Equal(TreatmentCodes.Format, result.LineResults[2].Code);
        Assert.Contains("lignesImport[2].commande.remise : champ inconnu", result.LineResults[2].Message);

        var header = Fixture.Sample();
        header["Siret"] = header["siret"]!.GetValue<string>();
        var refused = await Assert.ThrowsAsync<ImportRefusedException>(() => Fixture.ImportAsync(header));
        Assert.Contains("Siret : champ en double (déjà donné sous le nom « siret »)", refused.Errors);
    }

    [Fact]
    public async Task AFieldWrittenInAnotherCase_IsReadUnderItsSchemaName()
    {
        var file = Fixture.Sample();
        var line = ImportFixture.Lines(file)[0];
        var numero = line["numeroEditeur"]!.GetValue<string>();
        line.Remove("numeroEditeur");
        line["NUMEROEDITEUR"] = numero;
        line["Commande"] = line["commande"]!.DeepClone();
        line.Remove("commande");

        var result = await Fixture.ImportAsync(file);

        Assert.Equal(3, result.Retained);
        Assert.Equal(numero, result.LineResults[0].NumeroEditeur);
        var returned = ImportFixture.Lines(JsonNode.Parse(result.ReturnedJson)!.AsObject())[0];
        Assert.Equal(numero, (string?)returned["numeroEditeur"]);
        Assert.Equal(358.33m, returned["commande"]!["montantSegurHT"]!.GetValue<decimal>());
    }

    [Theory]
    [InlineData("0.0000001", "lignesImport[1].commande.montantSegurHT : au plus 2 décimales")]
    [InlineData("100.005", "lignesImport[1].commande.montantSegurHT : au plus 2 décimales")]
    [InlineData("1e25", "lignesImport[1].commande.montantSegurHT : valeur trop grande")]
    [InlineData("0", "lignesImport[1].commande.montantSegurHT : doit être strictement positif")]
    public async Task AnAmount_IsEurosAndCents_WithinItsBounds(string amount, string message)
    {
        var file = Fixture.Sample();
        ImportFixture.Lines(file)[1]["commande"]!["montantSegurHT"] = "MONTANT";

        var result = await Fixture.ImportAsync(Encoding.UTF8.GetBytes(file.ToJsonString().Replace("\"MONTANT\"", amount)));

        Assert.Equal(TreatmentCodes.Format, result.LineResults[1].Code);
        Assert.Contains(message, result.LineResults[1].Message);
    }

    [Fact]
    public async Task AFileStartingWithAByteOrderMark_IsRead()
    {
        var content = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Fixture.Sample().ToJsonString())).ToArray();

        var result = await Fixture.ImportAsync(content);

        Assert.Equal(3, result.Retained);
    }

    [Fact]
    public async Task ALoneSurrogate_RejectsItsLine_AndTheReturnedFileStaysReadable()
    {
        var file = Fixture.Sample();
        ImportFixture.Lines(file)[1]["numeroEditeur"] = "SURROGATE";

        var result = await Fixture.ImportAsync(Encoding.UTF8.GetBytes(file.ToJsonString().Replace("SURROGATE", "A\\ud800B")));

        Assert.Equal(TreatmentCodes.Format, result.LineResults[1].Code);
        Assert.Contains("lignesImport[1].numeroEditeur : le texte contient un caractère invalide", result.LineResults[1].Message);
        Assert.Equal(TreatmentCodes.Format, (string?)ImportFixture.Lines(JsonNode.Parse(result.ReturnedJson)!.AsObject())[1]["codeTraitement"]);
    }

    [Fact]
    public async Task InvalidUtf8_RejectsItsLine_SayingWhere()
    {
        var content = Encoding.UTF8.GetBytes(Fixture.Sample().ToJsonString().Replace("Dr Claire", "Dr \u00ffClaire"));
        var at = Array.IndexOf(content, (byte)0xC3);
        content[at] = 0xFF;

        var result = await Fixture.ImportAsync(content);

        Assert.Equal(TreatmentCodes.Format, result.LineResults[0].Code);
        Assert.Contains("lignesImport[0].beneficiaires.liberal[0].nomMedecin : le texte contient un caractère invalide", result.LineResults[0].Message);
    }

    [Fact]
    public async Task ALineNamingTooManyBeneficiaries_IsRejected_ByTheSchemaThenByTheDefinitionsRule()
    {
        var file = Fixture.Sample();
        var lines = ImportFixture.Lines(file);
        lines[0]["beneficiaires"]!["liberal"] = Professionals(101);
        lines[1]["beneficiaires"]!["liberal"] = Professionals(51);
        lines[2]["beneficiaires"]!["liberal"] = Professionals(50);

        var result = await Fixture.ImportAsync(file);

        Assert.Equal(TreatmentCodes.Format, result.LineResults[0].Code);
        Assert.Contains("lignesImport[0].beneficiaires.liberal : trop d'éléments (au plus 100)", result.LineResults[0].Message);
        Assert.Equal(TreatmentCodes.Beneficiaire, result.LineResults[1].Code);
        Assert.Contains("51 bénéficiaires dans une demande, au plus 50 (règle beneficiairesMaxParDemande)", result.LineResults[1].Message);
        Assert.Equal(TreatmentCodes.Retenue, result.LineResults[2].Code);
    }

    [Fact]
    public async Task ALineOver64Kilobytes_IsRejected_WithoutReadingIt()
    {
        var file = Fixture.Sample();
        ImportFixture.Lines(file)[1]["beneficiaires"]!["liberal"]![0]!["nomMedecin"] = new string('x', 70_000);

        var result = await Fixture.ImportAsync(file);

        Assert.Equal(TreatmentCodes.Format, result.LineResults[1].Code);
        Assert.Matches("^lignesImport\\[1\\] : la ligne pèse [0-9]+ Ko, au plus 64 Ko par ligne$", result.LineResults[1].Message);
    }

    private static JsonArray Professionals(int count) =>
        new(Enumerable.Range(0, count).Select(i => (JsonNode)new JsonObject { ["nomMedecin"] = $"Dr {i}", ["RPPS"] = TestIdentifiers.Rpps() }).ToArray());

    /// <summary>The file's text with <paramref name="extra"/> written after the last field of its second line.</summary>
    private static byte[] WithExtra(JsonObject file, string extra)
    {
        ImportFixture.Lines(file)[1]["libelleTraitement"] = "EXTRA";
        return Encoding.UTF8.GetBytes(file.ToJsonString().Replace("\"libelleTraitement\":\"EXTRA\"", "\"libelleTraitement\":null," + extra));
    }
}

public sealed class SqliteImportReadingTests() : ImportReadingTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlImportReadingTests() : ImportReadingTests(DatabaseKind.PostgreSql);

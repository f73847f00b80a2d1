using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Imports;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Imports;

/// <summary>The rule piecesRequises of the published financing definition: the document types each line must declare (issue 9, item 4).</summary>
public abstract class RequiredDocumentsTests(DatabaseKind kind) : ImportFixtureTests(kind)
{
    [Fact]
    public async Task AnAvanceLineWithoutAPurchaseOrder_IsRejected_NamingTheLineThePathAndTheMissingType()
    {
        var file = Fixture.Sample();
        var lines = ImportFixture.Lines(file);
        lines[1]["piecesJustificatives"]![0]!["typeFichier"] = "DEVIS";
        lines[2]["piecesJustificatives"] = new JsonArray();

        var result = await Fixture.ImportAsync(file);

        Assert.Equal((1, 2), (result.Retained, result.Rejected));
        Assert.Equal(TreatmentCodes.Retenue, result.LineResults[0].Code);
        Assert.Equal(TreatmentCodes.Pieces, result.LineResults[1].Code);
        Assert.Equal(
            "lignesImport[1].piecesJustificatives : la ligne 2 ne déclare aucune pièce de type BON_COMMANDE (typeFichier), " +
            "exigée pour une demande d'avance (règle piecesRequises)",
            result.LineResults[1].Message);
        Assert.StartsWith("lignesImport[2].piecesJustificatives : la ligne 3 ne déclare aucune pièce de type BON_COMMANDE", result.LineResults[2].Message);
        var returned = ImportFixture.Lines(JsonNode.Parse(result.ReturnedJson)!.AsObject());
        Assert.Equal(TreatmentCodes.Pieces, (string?)returned[1]["codeTraitement"]);
        await using var db = Host.NewContext();
        var stored = await db.FinancingRequests.Where(r => r.SupplierId == Fixture.Supplier.Id).Select(r => r.NumeroEditeur).ToListAsync();
        Assert.Equal([(string)lines[0]["numeroEditeur"]!], stored);
    }

    [Fact]
    public async Task ASoldeLineWithoutAnInvoice_IsRejected_BeforeItsDossierIsLookedFor()
    {
        var file = Fixture.Sample();
        var line = ImportFixture.Lines(file)[0];
        line["numeroASP"] = "ASP260000001M0";
        line["facture"] = new JsonObject { ["montantSegurHTFacture"] = 400, ["numeroFacture"] = "F-2026-001", ["dateFacture"] = "2026-09-30" };
        file["lignesImport"] = new JsonArray(line.DeepClone());

        var result = await Fixture.ImportAsync(file, simulation: true);

        Assert.Equal(TreatmentCodes.Pieces, result.LineResults.Single().Code);
        Assert.Equal(
            "lignesImport[0].piecesJustificatives : la ligne 1 ne déclare aucune pièce de type FACTURE (typeFichier), " +
            "exigée pour une demande de solde (règle piecesRequises)",
            result.LineResults.Single().Message);
    }

    [Fact]
    public async Task TheRequiredTypes_AreThoseOfTheLatestPublishedVersion()
    {
        var published = await Host.Catalog.GetLatestPublishedAsync("financing-request");
        var json = JsonNode.Parse((await Host.Catalog.GetJsonAsync("financing-request", published.Version))!)!;
        json["rules"]!["piecesRequises"]!["avance"] = new JsonArray("BON_COMMANDE", "ATTESTATION");
        await Host.PublishAsync("financing-request", json.ToJsonString());
        var file = Fixture.Sample();
        var lines = ImportFixture.Lines(file);
        lines[0]["piecesJustificatives"]!.AsArray().Add(new JsonObject { ["nomFichier"] = "attestation.pdf", ["formatFichier"] = "PDF", ["typeFichier"] = "attestation" });
        lines[1]["piecesJustificatives"] = new JsonArray();

        var result = await Fixture.ImportAsync(file, simulation: true);

        Assert.Equal(TreatmentCodes.Simulee, result.LineResults[0].Code); // typeFichier is compared without regard to case
        Assert.Contains("la ligne 2 ne déclare aucune pièce des types BON_COMMANDE, ATTESTATION (typeFichier), exigés", result.LineResults[1].Message);
        Assert.Contains("la ligne 3 ne déclare aucune pièce de type ATTESTATION (typeFichier)", result.LineResults[2].Message);
    }
}

public sealed class SqliteRequiredDocumentsTests() : RequiredDocumentsTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlRequiredDocumentsTests() : RequiredDocumentsTests(DatabaseKind.PostgreSql);

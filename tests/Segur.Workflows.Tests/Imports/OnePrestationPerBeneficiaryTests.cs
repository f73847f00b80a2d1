using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Imports;
using Segur.Workflows.Tests.TestSupport;
using static Segur.Workflows.Tests.TestSupport.Subjects;

namespace Segur.Workflows.Tests.Imports;

/// <summary>One Prestation Ségur per beneficiary per programme (couloir and software type), whichever supplier asks.</summary>
public abstract class OnePrestationPerBeneficiaryTests(DatabaseKind kind) : ImportFixtureTests(kind)
{
    [Fact]
    public async Task ASecondAvance_ForTheSameRpps_BySameSupplier_IsRejected_NamingTheEarlierRequest()
    {
        var first = Fixture.Sample();
        var numeroAsp = (await Fixture.ImportAsync(first)).LineResults[0].NumeroAsp!;
        var rpps = ImportFixture.Rpps(ImportFixture.Lines(first)[0]);

        var second = Fixture.Sample();
        ImportFixture.Lines(second)[2]["beneficiaires"]!["liberal"]![0]!["RPPS"] = rpps;
        var result = await Fixture.ImportAsync(second);

        Assert.Equal([TreatmentCodes.Retenue, TreatmentCodes.Retenue, TreatmentCodes.BeneficiaireDejaFinance], result.LineResults.Select(l => l.Code));
        Assert.Equal(
            $"lignesImport[2].beneficiaires.liberal[0].RPPS : le professionnel {rpps} bénéficie déjà d'une Prestation Ségur LGC pour ce couloir " +
            $"(votre demande {numeroAsp}, non complétée : supprimez-la si elle doit être remplacée)",
            result.LineResults[2].Message);

        await FireOnAsync(numeroAsp, "CompleterPieces", SupplierActor(Fixture.Supplier.Id));
        var third = Fixture.Sample();
        ImportFixture.Lines(third)[0]["beneficiaires"]!["liberal"]![0]!["RPPS"] = rpps;
        Assert.EndsWith($"(votre demande {numeroAsp}, En cours)", (await Fixture.ImportAsync(third)).LineResults[0].Message);
    }

    [Fact]
    public async Task ASecondAvance_ForTheSameRpps_ByAnotherSupplier_IsRejected_WithoutNamingTheirRequest()
    {
        var first = Fixture.Sample();
        var numeroAsp = (await Fixture.ImportAsync(first)).LineResults[0].NumeroAsp!;
        await FireOnAsync(numeroAsp, "CompleterPieces", SupplierActor(Fixture.Supplier.Id));
        var rpps = ImportFixture.Rpps(ImportFixture.Lines(first)[0]);
        var other = await ImportFixture.CreateAsync(Host);

        var file = other.Sample();
        ImportFixture.Lines(file)[0]["beneficiaires"]!["liberal"]![0]!["RPPS"] = rpps;
        var result = await other.ImportAsync(file);

        Assert.Equal((2, TreatmentCodes.BeneficiaireDejaFinance), (result.Retained, result.LineResults[0].Code));
        Assert.Equal(
            $"lignesImport[0].beneficiaires.liberal[0].RPPS : le professionnel {rpps} bénéficie déjà d'une Prestation Ségur LGC pour ce couloir, par un autre fournisseur",
            result.LineResults[0].Message);
        Assert.DoesNotContain(numeroAsp[..^2], result.ReturnedJson);
        Assert.DoesNotContain(Fixture.Supplier.Denomination, result.ReturnedJson);
    }

    [Fact]
    public async Task AnotherSuppliersIncompleteRequest_DoesNotBlockTheImport_AndTheFirstDepositedWins()
    {
        var first = Fixture.Sample();
        var incomplete = (await Fixture.ImportAsync(first)).LineResults[0].NumeroAsp!;
        var rpps = ImportFixture.Rpps(ImportFixture.Lines(first)[0]);
        var other = await ImportFixture.CreateAsync(Host);
        var file = other.Sample();
        ImportFixture.Lines(file)[0]["beneficiaires"]!["liberal"]![0]!["RPPS"] = rpps;

        var result = await other.ImportAsync(file);
        Assert.Equal(TreatmentCodes.Retenue, result.LineResults[0].Code);
        var deposited = await FireOnAsync(result.LineResults[0].NumeroAsp!, "CompleterPieces", SupplierActor(other.Supplier.Id));
        Assert.Equal("EnCours", deposited.ToState);

        var refused = await Assert.ThrowsAsync<BusinessRuleException>(() => FireOnAsync(incomplete, "CompleterPieces", SupplierActor(Fixture.Supplier.Id)));
        Assert.Equal(
            $"La demande {incomplete} ne peut pas être déposée : le professionnel {rpps} bénéficie déjà d'une Prestation Ségur LGC pour ce couloir, " +
            "par une demande déposée avant la vôtre. Supprimez cette demande ; importez-la de nouveau sans ce bénéficiaire si elle doit l'être.",
            refused.Message);
        await using var db = Host.NewContext();
        Assert.Equal("NonCompletee", (await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.NumeroAsp == incomplete)).Status);
        Assert.DoesNotContain(other.Supplier.Denomination, refused.Message);
    }

    [Fact]
    public async Task TwoSuppliers_DepositingTheSameBeneficiary_AtTheSameTime_OnlyOneIsDeposited()
    {
        var first = Fixture.Sample();
        var mine = (await Fixture.ImportAsync(first)).LineResults[0].NumeroAsp!;
        var other = await ImportFixture.CreateAsync(Host);
        var file = other.Sample();
        ImportFixture.Lines(file)[0]["beneficiaires"]!["liberal"]![0]!["RPPS"] = ImportFixture.Rpps(ImportFixture.Lines(first)[0]);
        var theirs = (await other.ImportAsync(file)).LineResults[0].NumeroAsp!;

        var fires = new[]
        {
            FireOnAsync(mine, "CompleterPieces", SupplierActor(Fixture.Supplier.Id)),
            FireOnAsync(theirs, "CompleterPieces", SupplierActor(other.Supplier.Id)),
        };
        var outcomes = await Task.WhenAll(fires.Select(async f =>
        {
            try
            {
                return (await f).ToState;
            }
            catch (BusinessRuleException)
            {
                return "refusée";
            }
        }));

        Assert.Equal(["EnCours", "refusée"], outcomes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TheSameRpps_UnderAnotherCouloir_IsRetained()
    {
        var first = Fixture.Sample();
        await Fixture.ImportAsync(first);
        var sagesFemmes = await ImportFixture.CreateAsync(Host, couloir: "SAGES_FEMMES", typeLogiciel: "LGC_SF");

        var file = sagesFemmes.Sample();
        ImportFixture.Lines(file)[0]["beneficiaires"]!["liberal"]![0]!["RPPS"] = ImportFixture.Rpps(ImportFixture.Lines(first)[0]);
        var result = await sagesFemmes.ImportAsync(file);

        Assert.Equal(3, result.Retained);
    }

    [Fact]
    public async Task AnEstablishment_GetsOnePrestationPerSoftwareType_OfItsCouloir()
    {
        var dpi = await ImportFixture.CreateAsync(Host, couloir: "HOPITAL", typeLogiciel: "DPI");
        var pfi = await ImportFixture.CreateAsync(Host, couloir: "HOPITAL", typeLogiciel: "PFI");
        var (juridique, geo) = (TestIdentifiers.Finess(), TestIdentifiers.Finess());

        var dpiResult = await dpi.ImportAsync(StructureFile(dpi, juridique, geo));
        var pfiResult = await pfi.ImportAsync(StructureFile(pfi, juridique, geo));
        var secondPfi = await pfi.ImportAsync(StructureFile(pfi, TestIdentifiers.Finess(), TestIdentifiers.Finess(), geo));

        Assert.Equal((TreatmentCodes.Retenue, TreatmentCodes.Retenue), (dpiResult.LineResults[0].Code, pfiResult.LineResults[0].Code));
        Assert.Equal(TreatmentCodes.BeneficiaireDejaFinance, secondPfi.LineResults[0].Code);
        Assert.Equal(
            $"lignesImport[0].beneficiaires.structure.FINESSGeo[1] : l'établissement {geo} bénéficie déjà d'une Prestation Ségur PFI pour ce couloir " +
            $"(votre demande {pfiResult.LineResults[0].NumeroAsp}, non complétée : supprimez-la si elle doit être remplacée)",
            secondPfi.LineResults[0].Message);
    }

    [Fact]
    public async Task AStructureWithoutEstablishments_IsIdentifiedByItsFinessJuridique_AndAnInvalidFinessGeoIsRejected()
    {
        var dpi = await ImportFixture.CreateAsync(Host, couloir: "HOPITAL", typeLogiciel: "DPI");
        var juridique = TestIdentifiers.Finess();
        await dpi.ImportAsync(StructureFile(dpi, juridique));

        var again = await dpi.ImportAsync(StructureFile(dpi, juridique));
        var invalid = await dpi.ImportAsync(StructureFile(dpi, TestIdentifiers.Finess(), "123456789"));

        Assert.StartsWith($"lignesImport[0].beneficiaires.structure.FINESSJuridique : l'établissement {juridique} bénéficie déjà", again.LineResults[0].Message);
        Assert.Equal(TreatmentCodes.Beneficiaire, invalid.LineResults[0].Code);
        Assert.Equal("lignesImport[0].beneficiaires.structure.FINESSGeo[0] : « 123456789 » n'est pas un numéro FINESS valide (9 chiffres avec clé de contrôle)",
            invalid.LineResults[0].Message);
    }

    [Theory]
    [InlineData("Rejeter")]
    [InlineData("Annuler")]
    [InlineData("Supprimer")]
    public async Task ABeneficiary_IsFreeAgain_OnceTheEarlierRequestIsRejectedCancelledOrDeleted(string trigger)
    {
        var first = Fixture.Sample();
        var numeroAsp = (await Fixture.ImportAsync(first)).LineResults[0].NumeroAsp!;
        var supplier = SupplierActor(Fixture.Supplier.Id);
        if (trigger != "Supprimer")
        {
            await FireOnAsync(numeroAsp, "CompleterPieces", supplier);
        }

        var fired = trigger == "Rejeter"
            ? await FireOnAsync(numeroAsp, trigger, Staff, ("motif", "Commande en double"))
            : await FireOnAsync(numeroAsp, trigger, supplier);
        Assert.Contains(fired.ToState, new[] { "Rejetee", "Annulee", "Supprimee" });

        var file = Fixture.Sample();
        ImportFixture.Lines(file)[0]["beneficiaires"]!["liberal"]![0]!["RPPS"] = ImportFixture.Rpps(ImportFixture.Lines(first)[0]);
        var result = await Fixture.ImportAsync(file);

        Assert.Equal(TreatmentCodes.Retenue, result.LineResults[0].Code);
    }

    [Fact]
    public async Task TwoLinesOfOneFile_ForTheSameBeneficiary_TheSecondIsRejected_NamingTheFirstLine()
    {
        var file = Fixture.Sample();
        var lines = ImportFixture.Lines(file);
        lines[2]["beneficiaires"]!["liberal"]![0]!["RPPS"] = ImportFixture.Rpps(lines[0]);

        var result = await Fixture.ImportAsync(file);

        Assert.Equal([TreatmentCodes.Retenue, TreatmentCodes.Retenue, TreatmentCodes.BeneficiaireDejaFinance], result.LineResults.Select(l => l.Code));
        Assert.Equal(
            $"lignesImport[2].beneficiaires.liberal[0].RPPS : le professionnel {ImportFixture.Rpps(lines[0])} est déjà le bénéficiaire de la ligne 1 du fichier " +
            "(une seule Prestation Ségur LGC par bénéficiaire)",
            result.LineResults[2].Message);
    }

    [Fact]
    public async Task ALineRejectedForAnotherReason_DoesNotHoldItsBeneficiary_ForTheRestOfTheFile()
    {
        var file = Fixture.Sample();
        var lines = ImportFixture.Lines(file);
        lines[0]["commande"]!["dateCommande"] = "2026-12-24";
        lines[1]["beneficiaires"]!["liberal"]![0]!["RPPS"] = ImportFixture.Rpps(lines[0]);

        var result = await Fixture.ImportAsync(file);

        Assert.Equal([TreatmentCodes.Date, TreatmentCodes.Retenue, TreatmentCodes.Retenue], result.LineResults.Select(l => l.Code));
    }

    [Fact]
    public async Task TheSameProfessional_TwiceInOneLine_IsRejected()
    {
        var file = Fixture.Sample();
        var line = ImportFixture.Lines(file)[1];
        var liberal = line["beneficiaires"]!["liberal"]!.AsArray();
        liberal.Add(liberal[0]!.DeepClone());

        var result = await Fixture.ImportAsync(file);

        Assert.Equal(TreatmentCodes.Beneficiaire, result.LineResults[1].Code);
        Assert.Equal($"lignesImport[1].beneficiaires.liberal[1].RPPS : le professionnel {ImportFixture.Rpps(line)} figure déjà dans cette ligne (liberal[0].RPPS)",
            result.LineResults[1].Message);
    }

    [Fact]
    public async Task ASolde_ForItsOwnDossier_IsNotRejectedForItsAvancesBeneficiary()
    {
        var avance = Fixture.Sample();
        var numeroAsp = (await Fixture.ImportAsync(avance)).LineResults[0].NumeroAsp!;
        await FireOnAsync(numeroAsp, "CompleterPieces", SupplierActor(Fixture.Supplier.Id));
        await FireOnAsync(numeroAsp, "Valider", Staff);
        await FireOnAsync(numeroAsp, "Decider", Staff);
        await PayAsync(numeroAsp);

        var solde = Fixture.Sample();
        var line = ImportFixture.Lines(solde)[0];
        line["beneficiaires"] = ImportFixture.Lines(avance)[0]["beneficiaires"]!.DeepClone();
        line["numeroASP"] = numeroAsp;
        line["facture"] = new JsonObject { ["montantSegurHTFacture"] = 400, ["numeroFacture"] = "F-2026-001", ["dateFacture"] = "2026-09-30" };
        line["piecesJustificatives"] = new JsonArray(new JsonObject { ["nomFichier"] = "F-2026-001.pdf", ["formatFichier"] = "PDF", ["typeFichier"] = "FACTURE" });
        solde["lignesImport"] = new JsonArray(line.DeepClone());
        var result = await Fixture.ImportAsync(solde);

        Assert.Equal((TreatmentCodes.Retenue, numeroAsp[..^2] + "M1"), (result.LineResults[0].Code, result.LineResults[0].NumeroAsp));
        await using var db = Host.NewContext();
        var soldeId = await db.FinancingRequests.Where(r => r.NumeroAsp == result.LineResults[0].NumeroAsp).Select(r => r.Id).SingleAsync();
        Assert.False(await db.FinancingBeneficiaries.AnyAsync(b => b.RequestId == soldeId));
    }

    [Fact]
    public async Task TheSimulator_ReportsTheSameRejections_AndHoldsNothing()
    {
        var first = Fixture.Sample();
        var numeroAsp = (await Fixture.ImportAsync(first)).LineResults[0].NumeroAsp!;
        var file = Fixture.Sample();
        var lines = ImportFixture.Lines(file);
        lines[0]["beneficiaires"]!["liberal"]![0]!["RPPS"] = ImportFixture.Rpps(ImportFixture.Lines(first)[0]);
        lines[2]["beneficiaires"]!["liberal"]![0]!["RPPS"] = ImportFixture.Rpps(lines[1]);
        int beneficiaries;
        await using (var db = Host.NewContext())
        {
            beneficiaries = await db.FinancingBeneficiaries.CountAsync();
        }

        var simulated = await Fixture.ImportAsync(file, simulation: true);

        Assert.Equal([TreatmentCodes.BeneficiaireDejaFinance, TreatmentCodes.Simulee, TreatmentCodes.BeneficiaireDejaFinance], simulated.LineResults.Select(l => l.Code));
        Assert.Contains($"(votre demande {numeroAsp}, non complétée", simulated.LineResults[0].Message);
        Assert.Contains("est déjà le bénéficiaire de la ligne 2 du fichier", simulated.LineResults[2].Message);
        await using (var db = Host.NewContext())
        {
            Assert.Equal(beneficiaries, await db.FinancingBeneficiaries.CountAsync());
            Assert.Equal(3, await db.FinancingRequests.CountAsync(r => r.SupplierId == Fixture.Supplier.Id));
        }

        var imported = await Fixture.ImportAsync(file);
        Assert.Equal(simulated.LineResults.Select(l => l.Message).Where((_, i) => i != 1), imported.LineResults.Select(l => l.Message).Where((_, i) => i != 1));
    }

    [Fact]
    public async Task TwoImports_OfTheSameBeneficiary_AtTheSameTime_OnlyOneIsRetained()
    {
        // One supplier: its own incomplete request holds the beneficiary (another supplier's would not, decision 0095).
        var files = new[] { Fixture.Sample(), Fixture.Sample() };
        var rpps = TestIdentifiers.Rpps();
        foreach (var file in files)
        {
            ImportFixture.Lines(file)[1]["beneficiaires"]!["liberal"]![0]!["RPPS"] = rpps;
        }

        var results = await Task.WhenAll(Fixture.ImportAsync(files[0]), Fixture.ImportAsync(files[1]));

        Assert.Equal(1, results.Count(r => r.LineResults[1].Code == TreatmentCodes.Retenue));
        Assert.Single(results, r => r.LineResults[1].Message.EndsWith("supprimez-la si elle doit être remplacée)", StringComparison.Ordinal));
        await using var db = Host.NewContext();
        Assert.Equal(1, await db.FinancingBeneficiaries.CountAsync(b => b.Identifier == rpps));
    }

    private static JsonObject StructureFile(ImportFixture fixture, string finessJuridique, params string[] finessGeo)
    {
        var file = fixture.Sample();
        var line = ImportFixture.Lines(file)[0];
        line["beneficiaires"] = new JsonObject
        {
            ["commandePour"] = "STRUCTURE", ["isMandataire"] = false, ["isClientUnique"] = true, ["liberal"] = new JsonArray(),
            ["structure"] = new JsonObject
            {
                ["nomResponsable"] = "Mme Jeanne Martin", ["emailResponsable"] = "dsi@hopital.example", ["telephoneResponsable"] = "0102030405",
                ["FINESSJuridique"] = finessJuridique, ["FINESSGeo"] = new JsonArray([.. finessGeo.Select(g => JsonValue.Create(g))]),
            },
        };
        file["lignesImport"] = new JsonArray(line.DeepClone());
        return file;
    }

    private async Task<FireResult> FireOnAsync(string numeroAsp, string trigger, Actor actor, params (string Name, object? Value)[] input)
    {
        await using var db = Host.NewContext();
        var id = (await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.NumeroAsp == numeroAsp)).Id.ToString();
        var instance = (await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.SubjectId == id)).Id;
        return await Host.FireAsync(instance, trigger, actor, input);
    }

    private async Task PayAsync(string numeroAsp)
    {
        await using var db = Host.NewContext();
        var request = await db.FinancingRequests.AsNoTracking().SingleAsync(r => r.NumeroAsp == numeroAsp);
        var payment = await db.Payments.AsNoTracking().SingleAsync(p => p.RequestId == request.Id);
        var instance = (await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.SubjectId == payment.Id.ToString())).Id;
        await Host.FireAsync(instance, "MettreEnPaiement", Staff);
        await Host.FireAsync(instance, "EnregistrerPaiement", Staff, ("montantPaye", payment.MontantDecide), ("datePaiement", "2026-10-20"));
    }
}

public sealed class SqliteOnePrestationPerBeneficiaryTests() : OnePrestationPerBeneficiaryTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlOnePrestationPerBeneficiaryTests() : OnePrestationPerBeneficiaryTests(DatabaseKind.PostgreSql);

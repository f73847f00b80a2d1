using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Accounts;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Imports;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.TestSupport;

/// <summary>
/// Requests of a demo supplier made as in real life: a JSON file imported through <see cref="ImportService"/>, the
/// documents added through <see cref="DocumentIntake"/>, staff decisions and payments fired on the real lifecycles.
/// </summary>
public static class SupplierImports
{
    private static readonly DateOnly s_ordered = new(2026, 9, 15);

    /// <summary>Imports one avance per numéro éditeur (each expecting "&lt;numéro&gt;.pdf"); returns their numéros ASP, "Non complétée".</summary>
    public static async Task<IReadOnlyList<string>> ImportAvancesAsync(SegurApp app, DemoSupplier demo, params string[] numerosEditeur)
    {
        var structure = await IsStructureCouloirAsync(app, demo);
        var lines = numerosEditeur.Select((numero, i) => Line(demo, i + 1, numero, null, structure, 1000m + (100m * i))).ToArray();
        return await ImportAsync(app, demo, lines);
    }

    /// <summary>Imports the solde of a dossier whose avance is decided and paid; returns its numéro ASP ("…M1"), "Non complétée".</summary>
    public static async Task<string> ImportSoldeAsync(SegurApp app, DemoSupplier demo, string avanceNumeroAsp, string numeroEditeur, decimal factureHT)
    {
        var structure = await IsStructureCouloirAsync(app, demo);
        var line = Line(demo, 1, numeroEditeur, avanceNumeroAsp, structure, factureHT);
        string avanceEditeur;
        await using (var db = Database(app))
        {
            avanceEditeur = await db.FinancingRequests.Where(r => r.NumeroAsp == avanceNumeroAsp).Select(r => r.NumeroEditeur).SingleAsync();
        }

        // A solde names its avance's beneficiaries (any other is rejected at import).
        line["beneficiaires"] = Line(demo, 1, avanceEditeur, null, structure, factureHT)["beneficiaires"]!.DeepClone();
        line["facture"] = new JsonObject { ["montantSegurHTFacture"] = factureHT, ["numeroFacture"] = "FAC-" + numeroEditeur, ["dateFacture"] = "2026-10-15" };
        return (await ImportAsync(app, demo, line)).Single();
    }

    /// <summary>The supplier adds the expected PDF through the documents step: the request goes "En cours".</summary>
    public static async Task<DocumentsAdded> AddDocumentAsync(SegurApp app, DemoSupplier demo, string numeroAsp, string fileName)
    {
        var intake = app.Services.GetRequiredService<DocumentIntake>();
        return await intake.AddToRequestAsync(await SupplierAsync(app, demo), numeroAsp, [new IncomingFile(fileName, new MemoryStream(TestFiles.Pdf()))]);
    }

    /// <summary>Imports avances and completes their documents: they are "En cours".</summary>
    public static async Task<IReadOnlyList<string>> DepositAvancesAsync(SegurApp app, DemoSupplier demo, params string[] numerosEditeur)
    {
        var numeros = await ImportAvancesAsync(app, demo, numerosEditeur);
        for (var i = 0; i < numeros.Count; i++)
        {
            await AddDocumentAsync(app, demo, numeros[i], numerosEditeur[i] + ".pdf");
        }

        return numeros;
    }

    /// <summary>Staff fire <paramref name="trigger"/> on the request (e.g. "Valider", "Decider", "DemanderPiece").</summary>
    public static Task<FireResult> StaffFireAsync(SegurApp app, string numeroAsp, string trigger, IReadOnlyDictionary<string, object?>? input = null) =>
        FireOnAsync(app, "FinancingRequest", numeroAsp, trigger, Staff, input);

    /// <summary>Validates then decides the request (amounts computed, versement created "Aucun paiement en cours").</summary>
    public static async Task ValidateAndDecideAsync(SegurApp app, string numeroAsp)
    {
        await StaffFireAsync(app, numeroAsp, "Valider");
        await StaffFireAsync(app, numeroAsp, "Decider");
    }

    /// <summary>Puts the request's versement into payment and records it paid (the decided amount, on <paramref name="paidOn"/>).</summary>
    public static async Task PayAsync(SegurApp app, string numeroAsp, DateOnly paidOn)
    {
        await FireOnAsync(app, "Payment", numeroAsp, "MettreEnPaiement", Staff);
        decimal decided;
        await using (var db = Database(app))
        {
            decided = await db.Payments.Where(p => p.NumeroAsp == numeroAsp).Select(p => p.MontantDecide).SingleAsync();
        }

        await FireOnAsync(app, "Payment", numeroAsp, "EnregistrerPaiement", Staff, new Dictionary<string, object?>
        {
            ["montantPaye"] = decided,
            ["datePaiement"] = paidOn.ToString("yyyy-MM-dd"),
        });
    }

    public static Actor Staff { get; } = new("GES200001", [Roles.Gestionnaire]);

    public static async Task<Actor> SupplierAsync(SegurApp app, DemoSupplier demo)
    {
        await using var db = Database(app);
        var id = await db.Suppliers.Where(s => s.Siret == demo.Siret).Select(s => s.Id).SingleAsync();
        return new Actor(demo.Uid, [Roles.Fournisseur], id.ToString());
    }

    /// <summary>
    /// The RPPS of the professional an avance of <see cref="ImportAvancesAsync"/> finances: one per supplier and numéro
    /// éditeur, since a beneficiary gets one Prestation Ségur per couloir.
    /// </summary>
    public static string RppsFor(DemoSupplier demo, string numeroEditeur) => WithKey($"RPPS|{demo.Siret}|{numeroEditeur}", 10, Identifiers.IsRpps);

    /// <summary>The FINESS (juridique, or géographique) of the establishment an avance of a structure couloir finances.</summary>
    public static string FinessFor(DemoSupplier demo, string numeroEditeur, string kind = "geo") =>
        WithKey($"FINESS-{kind}|{demo.Siret}|{numeroEditeur}", 8, Identifiers.IsFiness);

    /// <summary>Digits drawn from a hash of <paramref name="seed"/>, completed with their Luhn key.</summary>
    private static string WithKey(string seed, int digits, Func<string, bool> isValid)
    {
        var hash = BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(seed)), 0);
        var body = (hash % (ulong)Math.Pow(10, digits)).ToString(new string('0', digits), CultureInfo.InvariantCulture);
        return Enumerable.Range(0, 10).Select(key => body + key).Single(isValid);
    }

    private static async Task<IReadOnlyList<string>> ImportAsync(SegurApp app, DemoSupplier demo, params JsonObject[] lines)
    {
        var file = new JsonObject
        {
            ["impId"] = null,
            ["numeroAns"] = demo.NumeroAns,
            ["siret"] = demo.Siret,
            ["lignesImport"] = new JsonArray([.. lines]),
        };
        var actor = await SupplierAsync(app, demo);
        var result = await app.Services.GetRequiredService<ImportService>().ImportAsync(new ImportSubmission(
            Guid.Parse(actor.SupplierId!), demo.Uid, "demandes-" + Guid.NewGuid().ToString("N")[..8] + ".json",
            Encoding.UTF8.GetBytes(file.ToJsonString()), Simulation: false));
        var refused = result.LineResults.Where(l => l.NumeroAsp is null).Select(l => l.Message).ToList();
        Assert.True(refused.Count == 0, "Lignes rejetées : " + string.Join(" | ", refused));
        return [.. result.LineResults.Select(l => l.NumeroAsp!)];
    }

    public static JsonObject Line(DemoSupplier demo, int number, string numeroEditeur, string? numeroAsp, bool structure, decimal montantHT) => new()
    {
        ["numLigne"] = number,
        ["typeAction"] = "C",
        ["numeroASP"] = numeroAsp,
        ["numeroEditeur"] = numeroEditeur,
        ["commande"] = new JsonObject { ["dateCommande"] = s_ordered.ToString("yyyy-MM-dd"), ["regimeTVA"] = "TTC", ["montantSegurHT"] = montantHT },
        ["beneficiaires"] = structure
            ? new JsonObject
            {
                ["commandePour"] = "STRUCTURE", ["isMandataire"] = false, ["isClientUnique"] = true,
                ["liberal"] = new JsonArray(),
                ["structure"] = new JsonObject
                {
                    ["nomResponsable"] = "Mme Jeanne Martin", ["emailResponsable"] = "dsi@hopital.example", ["telephoneResponsable"] = "0102030405",
                    ["FINESSJuridique"] = FinessFor(demo, numeroEditeur, "juridique"), ["FINESSGeo"] = new JsonArray(FinessFor(demo, numeroEditeur)),
                },
            }
            : new JsonObject
            {
                ["commandePour"] = "LIBERAL", ["isMandataire"] = false, ["isClientUnique"] = true,
                ["liberal"] = new JsonArray(new JsonObject
                {
                    ["nomMedecin"] = "Dr Claire Durand", ["emailMedecin"] = "claire.durand@cabinet.example", ["telephoneMedecin"] = "0102030405",
                    ["RPPS"] = RppsFor(demo, numeroEditeur),
                }),
            },
        ["piecesJustificatives"] = new JsonArray(new JsonObject
        {
            ["nomFichier"] = numeroEditeur + ".pdf", ["formatFichier"] = "PDF", ["typeFichier"] = numeroAsp is null ? "BON_COMMANDE" : "FACTURE",
        }),
        ["scenarioInstallation"] = new JsonObject
        {
            ["isCentreDeSante"] = false, ["operateurMessagerie"] = "API_35", ["isProSanteConnectNeeded"] = true, ["isDirectToDMP"] = true,
            ["isPFIToDMP"] = false, ["isDirectToMSSPro"] = true, ["isPFIToMSSPro"] = false, ["isDirectToMSSCitoyen"] = false, ["isPFIToMSSCitoyen"] = false,
        },
        ["codeTraitement"] = null,
        ["libelleTraitement"] = null,
    };

    private static async Task<bool> IsStructureCouloirAsync(SegurApp app, DemoSupplier demo)
    {
        await using var db = Database(app);
        var couloir = await db.Enrolments.Where(e => e.NumeroAns == demo.NumeroAns).Select(e => e.Couloir).SingleAsync();
        return couloir is not ("MEDECIN_DE_VILLE" or "SAGES_FEMMES" or "CHIRURGIENS_DENTISTES" or "PARAMEDICAUX");
    }

    private static async Task<FireResult> FireOnAsync(
        SegurApp app, string subjectType, string numeroAsp, string trigger, Actor actor, IReadOnlyDictionary<string, object?>? input = null)
    {
        Guid instanceId;
        await using (var db = Database(app))
        {
            var subjectId = subjectType == "Payment"
                ? (await db.Payments.Where(p => p.NumeroAsp == numeroAsp).Select(p => p.Id).SingleAsync()).ToString()
                : (await db.FinancingRequests.Where(r => r.NumeroAsp == numeroAsp).Select(r => r.Id).SingleAsync()).ToString();
            instanceId = await db.WorkflowInstances.Where(i => i.SubjectType == subjectType && i.SubjectId == subjectId).Select(i => i.Id).SingleAsync();
        }

        return await app.Services.GetRequiredService<WorkflowRuntime>().FireAsync(new FireRequest(instanceId, trigger, actor) { Input = input });
    }

    private static SegurDbContext Database(SegurApp app) => app.Services.GetRequiredService<SegurDatabase>().CreateContext();
}

/// <summary>Small real files of the accepted formats (checked by content, not by name).</summary>
public static class TestFiles
{
    public static byte[] Pdf(string text = "Pièce justificative") =>
        Encoding.UTF8.GetBytes($"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n% {text} {Guid.NewGuid()}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Png() =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, .. Guid.NewGuid().ToByteArray()];
}

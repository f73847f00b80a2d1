using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Imports;
using Segur.Workflows.Persistence;
using Segur.Workflows.Suppliers;

namespace Segur.Bench;

/// <summary>
/// A fresh database with the application's services as the Host registers them (<c>AddSegurWorkflows</c>; no hosted
/// service started: no outbox dispatcher, no timer sweep), the definitions of <c>definitions/</c> seeded, and suppliers
/// each with a validated enrolment, ready to import.
/// </summary>
internal sealed class ImportWorld : IAsyncDisposable
{
    private readonly IBenchTarget _target;
    private readonly ServiceProvider _services;
    private readonly string _folder;

    private ImportWorld(IBenchTarget target, string connectionString, ServiceProvider services, string folder, IReadOnlyList<(Supplier, Enrolment)> suppliers)
    {
        _target = target;
        ConnectionString = connectionString;
        _services = services;
        _folder = folder;
        Suppliers = suppliers;
    }

    public string ConnectionString { get; }

    public IBenchTarget Target => _target;

    public IServiceProvider Services => _services;

    public SegurDatabase Database => _services.GetRequiredService<SegurDatabase>();

    public ImportService Imports => _services.GetRequiredService<ImportService>();

    public IReadOnlyList<(Supplier Supplier, Enrolment Enrolment)> Suppliers { get; }

    /// <summary>
    /// PostgreSQL: statistics for the tables the warm-up filled, as autovacuum keeps them on a live database. A database made a
    /// minute ago has none: the import's check of the programme's beneficiaries was then planned as a filter over all of them,
    /// a second per 500 identifiers, where the live plan seeks each (3 ms; docs/benchmarks.md, 2026-12-02 morning). SQLite is
    /// left as the Host leaves it (no ANALYZE: its plans are chosen without statistics, decision 0206).
    /// </summary>
    public async Task AnalyzeAsync()
    {
        if (Database.Provider == DatabaseProvider.PostgreSql)
        {
            await using var db = Database.CreateContext();
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "ANALYZE");
        }
    }

    /// <summary>A fresh database, or <paramref name="existing"/> (migrated, definitions seeded again: both are idempotent).</summary>
    public static async Task<ImportWorld> CreateAsync(IBenchTarget target, int suppliers, string? existing = null)
    {
        var connectionString = existing ?? await target.CreateAsync();
        var folder = Directory.CreateTempSubdirectory("segur-bench-data-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Segur:DataDirectory"] = folder,
            ["Segur:Database:Provider"] = target.Provider.ToString(),
            ["ConnectionStrings:Segur"] = connectionString,
            ["Segur:Timers:SweepInterval"] = "01:00:00",
        }).Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddSegurWorkflows(configuration);
        var services = collection.BuildServiceProvider();
        try
        {
            await services.GetRequiredService<SegurDatabase>().MigrateAsync();
            await services.GetRequiredService<DefinitionSeeder>().SeedAsync(Path.Combine(AppContext.BaseDirectory, "definitions"));
            var list = new List<(Supplier, Enrolment)>();
            for (var i = 0; i < suppliers; i++)
            {
                list.Add(await NewSupplierAsync(services));
            }

            return new ImportWorld(target, connectionString, services, folder, list);
        }
        catch
        {
            await services.DisposeAsync();
            await target.DropAsync(connectionString);
            throw;
        }
    }

    /// <summary>A supplier and its enrolment, whose lifecycle is written straight in state Validee (what the import checks).</summary>
    private static async Task<(Supplier, Enrolment)> NewSupplierAsync(IServiceProvider services)
    {
        var now = DateTime.UtcNow;
        var supplier = new Supplier
        {
            Id = Guid.NewGuid(), Siret = Random.Shared.NextInt64(10_000_000_000_000, 99_999_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Denomination = "Éditeur Bench", Address = "1 rue du Banc, 75001 Paris", ContactEmail = $"bench-{Guid.NewGuid():N}@editeur.example", CreatedAt = now,
        };
        var enrolment = new Enrolment
        {
            Id = Guid.NewGuid(), SupplierId = supplier.Id, NumeroAns = "ANS-" + Guid.NewGuid().ToString("N")[..10], TypeEnrolement = "initial",
            TypeLogiciel = "LGC", Couloir = "MEDECIN_DE_VILLE", ReferencingDate = new DateOnly(2026, 6, 1),
            Profiles = "DMP,DMP_PFI,MSSPRO,MSSPRO_PFI,MSSCITOYEN,MSSCITOYEN_PFI,PSC,CDS",
            EmailDeposant = supplier.ContactEmail, EmailRepresentantLegal = supplier.ContactEmail, CreatedAt = now,
        };
        var database = services.GetRequiredService<SegurDatabase>();
        await using var db = database.CreateContext();
        db.Suppliers.Add(supplier);
        db.Enrolments.Add(enrolment);
        db.WorkflowInstances.Add(new WorkflowInstance
        {
            Id = Guid.NewGuid(), DefinitionId = "enrolment", DefinitionVersion = 1, SubjectType = "Enrolment", SubjectId = enrolment.Id.ToString(),
            State = "Validee", Version = 1, CreatedAt = now, UpdatedAt = now,
        });
        await db.SaveChangesAsync();
        return (supplier, enrolment);
    }

    /// <summary>An avance file of <paramref name="lines"/> lines, each with <paramref name="beneficiaries"/> fresh professionals.</summary>
    public byte[] File(int supplier, int lines, int beneficiaries = 1)
    {
        var (s, e) = Suppliers[supplier];
        var all = new JsonArray();
        for (var i = 0; i < lines; i++)
        {
            var liberal = new JsonArray();
            for (var b = 0; b < beneficiaries; b++)
            {
                liberal.Add(new JsonObject
                {
                    ["nomMedecin"] = "Dr Claire Durand", ["emailMedecin"] = "claire.durand@cabinet-exemple.fr", ["telephoneMedecin"] = "0102030405", ["RPPS"] = Rpps(),
                });
            }

            all.Add(new JsonObject
            {
                ["numLigne"] = i + 1, ["typeAction"] = "C", ["numeroASP"] = null, ["numeroEditeur"] = $"BDC-{Guid.NewGuid():N}"[..30],
                ["commande"] = new JsonObject { ["dateCommande"] = "2026-09-15", ["regimeTVA"] = "TTC", ["montantSegurHT"] = 358.33m },
                ["beneficiaires"] = new JsonObject
                {
                    ["commandePour"] = "LIBERAL", ["isMandataire"] = false, ["isClientUnique"] = true, ["nomMandataire"] = null, ["emailMandataire"] = null,
                    ["telephoneMandataire"] = null, ["liberal"] = liberal,
                    ["structure"] = new JsonObject
                    {
                        ["nomResponsable"] = null, ["emailResponsable"] = null, ["telephoneResponsable"] = null, ["FINESSJuridique"] = null, ["FINESSGeo"] = new JsonArray(),
                    },
                },
                ["piecesJustificatives"] = new JsonArray(new JsonObject { ["nomFichier"] = "BDC.pdf", ["formatFichier"] = "PDF", ["typeFichier"] = "BON_COMMANDE" }),
                ["scenarioInstallation"] = new JsonObject
                {
                    ["isCentreDeSante"] = false, ["operateurMessagerie"] = "API_35", ["isProSanteConnectNeeded"] = true, ["isDirectToDMP"] = true, ["isPFIToDMP"] = false,
                    ["isDirectToMSSPro"] = true, ["isPFIToMSSPro"] = false, ["isDirectToMSSCitoyen"] = true, ["isPFIToMSSCitoyen"] = false,
                },
                ["codeTraitement"] = null, ["libelleTraitement"] = null,
            });
        }

        var file = new JsonObject { ["impId"] = null, ["numeroAns"] = e.NumeroAns, ["siret"] = s.Siret, ["lignesImport"] = all };
        return Encoding.UTF8.GetBytes(file.ToJsonString());
    }

    public Task<ImportResult> ImportAsync(int supplier, byte[] content, bool simulation = false) =>
        Imports.ImportAsync(new ImportSubmission(Suppliers[supplier].Supplier.Id, "FRN-BENCH", "demandes.json", content, simulation));

    /// <summary>A valid RPPS: 10 random digits and the Luhn key that makes it valid.</summary>
    private static string Rpps()
    {
        var body = string.Concat(Enumerable.Range(0, 10).Select(_ => (char)('0' + Random.Shared.Next(10))));
        return Enumerable.Range(0, 10).Select(key => body + key).First(Identifiers.IsRpps);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _target.DropAsync(ConnectionString);
        Directory.Delete(_folder, recursive: true);
    }
}

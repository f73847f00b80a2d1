using System.Text;
using System.Text.Json.Nodes;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Imports;
using Segur.Workflows.Suppliers;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Imports;

/// <summary>A supplier with a Validée enrolment, and import files built from the public sample.</summary>
public sealed record ImportFixture(EngineHost Host, Supplier Supplier, Enrolment Enrolment)
{
    public const string AllProfiles = "DMP,DMP_PFI,MSSPRO,MSSPRO_PFI,MSSCITOYEN,MSSCITOYEN_PFI,PSC,CDS";

    public static async Task<ImportFixture> CreateAsync(EngineHost host, string profiles = AllProfiles, string couloir = "MEDECIN_DE_VILLE", string typeLogiciel = "LGC")
    {
        var supplier = await Subjects.NewSupplierAsync(host);
        var enrolment = new Enrolment
        {
            Id = Guid.NewGuid(), SupplierId = supplier.Id, NumeroAns = "ANS-" + Guid.NewGuid().ToString("N")[..10], TypeEnrolement = "initial",
            TypeLogiciel = typeLogiciel, Couloir = couloir, ReferencingDate = new DateOnly(2026, 6, 1), Profiles = profiles,
            EmailDeposant = supplier.ContactEmail, EmailRepresentantLegal = supplier.ContactEmail, CreatedAt = host.Clock.GetUtcNow().UtcDateTime,
        };
        await using (var db = host.NewContext())
        {
            db.Enrolments.Add(enrolment);
            await db.SaveChangesAsync();
        }

        var instance = await host.Runtime.StartAsync("enrolment", enrolment.Id.ToString(), Subjects.SupplierActor(supplier.Id));
        await host.FireAsync(instance, "Valider", Subjects.Staff);
        return new ImportFixture(host, supplier, enrolment);
    }

    /// <summary>The public sample (3 avance lines) for this supplier, with unique numéros éditeur and RPPS.</summary>
    public JsonObject Sample()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Imports", "avance-3-lignes.json")))!.AsObject();
        file["numeroAns"] = Enrolment.NumeroAns;
        file["siret"] = Supplier.Siret;
        foreach (var line in Lines(file))
        {
            line["numeroEditeur"] = $"{line["numeroEditeur"]}-{Guid.NewGuid():N}"[..40];
            line["beneficiaires"]!["liberal"]![0]!["RPPS"] = TestIdentifiers.Rpps();
        }

        return file;
    }

    /// <summary>A file of <paramref name="lines"/> avance lines (the sample's first line, each with its own numéro éditeur and RPPS).</summary>
    public JsonObject LargeFile(int lines)
    {
        var file = Sample();
        var model = Lines(file)[0];
        var all = new JsonArray();
        for (var i = 0; i < lines; i++)
        {
            var line = model.DeepClone().AsObject();
            line["numLigne"] = i + 1;
            line["numeroEditeur"] = $"GRAND-{i}-{Guid.NewGuid():N}"[..40];
            line["beneficiaires"]!["liberal"]![0]!["RPPS"] = TestIdentifiers.Rpps();
            all.Add(line);
        }

        file["lignesImport"] = all;
        return file;
    }

    /// <summary>The RPPS of a line's first professional.</summary>
    public static string Rpps(JsonObject line) => (string)line["beneficiaires"]!["liberal"]![0]!["RPPS"]!;

    public static List<JsonObject> Lines(JsonObject file) => file["lignesImport"]!.AsArray().Select(l => l!.AsObject()).ToList();

    public Task<ImportResult> ImportAsync(JsonNode file, bool simulation = false, string name = "demandes.json") =>
        ImportAsync(Encoding.UTF8.GetBytes(file.ToJsonString()), simulation, name);

    public Task<ImportResult> ImportAsync(byte[] content, bool simulation = false, string name = "demandes.json") =>
        Host.Services.GetService<ImportService>().ImportAsync(new ImportSubmission(Supplier.Id, "FRN-TEST", name, content, simulation));
}

/// <summary>Tests of imports on one database: an engine host and a supplier with a Validée enrolment, new for each test.</summary>
public abstract class ImportFixtureTests(DatabaseKind kind) : IAsyncLifetime
{
    protected DatabaseKind Kind { get; } = kind;

    protected EngineHost Host { get; private set; } = null!;

    protected ImportFixture Fixture { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await EngineHost.StartAsync(Kind);
        Fixture = await ImportFixture.CreateAsync(Host);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

internal static class ServiceProviderExtensions
{
    public static T GetService<T>(this IServiceProvider services) where T : notnull =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<T>(services);
}

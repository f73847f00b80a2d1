using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Financing;
using Segur.Workflows.Imports;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Imports;

/// <summary>
/// The import's two checks against the database, planned as a prepared statement's generic plan on statistics taken
/// before the table grew — what a live PostgreSQL gives them once Npgsql auto-prepares them (decision 0226): the
/// programme's beneficiaries are sought per identifier (or hashed), never each compared with every identifier, and the
/// numéros éditeur go through the supplier's unique index, not the trigram index of the « numéro contient » search.
/// The deletion of ticked incomplete requests seeks its numéros ASP the same way (decision 0243). Read in the two worlds of
/// <see cref="PlanWorld"/>, each seeded once for its class (the tests only read).
/// </summary>
public abstract class PostgreSqlImportCheckPlansTests(PlanWorld world)
{
    private readonly EngineHost _host = world.Host;
    private readonly ImportFixture _fixture = world.Fixture;

    [Fact]
    public async Task TheProgrammeCheck_SeeksEachIdentifierThenItsRequest_InItsGenericPlan()
    {
        await using var db = _host.NewContext();
        string[] identifiers = [.. Enumerable.Range(1, 500).Select(n => (90_000_000_000L + n).ToString())];
        var query = Prestations.HeldQuery(db, "MEDECIN_DE_VILLE", "LGC", identifiers);

        var plan = await GenericPlanAsync(db, query.CreateDbCommand());

        var lines = string.Join("\n", plan);
        Assert.False(plan.Any(l => l.Contains("= ANY", StringComparison.Ordinal)), lines);
        // The identifier is in the index's condition (not a filter after reading the programme's beneficiaries), and the
        // request is read by its key (not every live request compared with each beneficiary).
        var seek = plan.FindIndex(l => l.Contains("IX_FinancingBeneficiaries_Couloir_TypeLogiciel_Identifier", StringComparison.Ordinal));
        Assert.True(seek >= 0 && plan[seek + 1].Contains("Index Cond", StringComparison.Ordinal)
                    && plan[seek + 1].Contains("\"Identifier\")::text = i.\"Identifier\"", StringComparison.Ordinal), lines);
        Assert.Contains(plan, l => l.Contains("PK_FinancingRequests", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, l => l.Contains("Join Filter", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheNumeroEditeurCheck_GoesThroughTheSuppliersUniqueIndex_InItsGenericPlan()
    {
        await using var db = _host.NewContext();
        string[] numeros = [.. Enumerable.Range(1, 200).Select(n => $"EDI-NEW-{n}")];
        var query = ImportChecks.UsedNumerosQuery(db, _fixture.Supplier.Id, numeros);

        var plan = await GenericPlanAsync(db, query.CreateDbCommand());

        var lines = string.Join("\n", plan);
        Assert.False(plan.Any(l => l.Contains("Trigrams", StringComparison.Ordinal)), lines);
        Assert.True(plan.Any(l => l.Contains("IX_FinancingRequests_SupplierId_NumeroEditeur")), lines);
    }

    [Fact]
    public async Task BothChecks_FindWhatIsThere()
    {
        await using var db = _host.NewContext();
        var taken = await db.FinancingRequests.AsNoTracking().Select(r => r.NumeroEditeur).Take(2).ToArrayAsync();
        var beneficiary = await db.FinancingBeneficiaries.AsNoTracking().Select(b => b.Identifier).FirstAsync();

        var used = await ImportChecks.UsedNumerosQuery(db, _fixture.Supplier.Id, [.. taken, "EDI-INCONNU"]).ToListAsync();
        var prestations = await Prestations.HeldAsync(db, "MEDECIN_DE_VILLE", "LGC", [beneficiary, "00000000000"], CancellationToken.None);

        Assert.Equal(taken.Order(), used.Order());
        Assert.Equal([beneficiary], prestations.Keys);
    }

    [Fact]
    public async Task TheDeletionsTickedRequests_AreSoughtPerNumeroInABtreeIndex_InTheirGenericPlan()
    {
        await using var db = _host.NewContext();
        string[] numeros = [.. Enumerable.Range(1, 20).Select(n => $"ASP-PLAN-{n * 7}")];
        var query = IncompleteDeletion.TickedQuery(db, _fixture.Supplier.Id, numeros);

        var plan = await GenericPlanAsync(db, query.CreateDbCommand());

        var lines = string.Join("\n", plan);
        Assert.False(plan.Any(l => l.Contains("Trigrams", StringComparison.Ordinal) || l.Contains("= ANY", StringComparison.Ordinal)), lines);
        // The numéro's unique index or the supplier's table index (supplier, not deleted, numéro ASP): a seek either way.
        Assert.True(plan.Any(l => l.Contains("Index Cond:", StringComparison.Ordinal) && l.Contains("(\"NumeroAsp\")::text >= n.\"NumeroAsp\"", StringComparison.Ordinal)), lines);
    }

    /// <summary>
    /// The command prepared under its own name and explained as PostgreSQL runs it once auto-prepared: a generic plan,
    /// chosen without the parameters' values.
    /// </summary>
    internal static async Task<List<string>> GenericPlanAsync(DbContext db, DbCommand command)
    {
        var text = command.CommandText;
        var arguments = new List<DbParameter>();
        foreach (DbParameter parameter in command.Parameters)
        {
            arguments.Add(parameter);
            var name = parameter.ParameterName.StartsWith('@') ? parameter.ParameterName : "@" + parameter.ParameterName;
            text = Regex.Replace(text, Regex.Escape(name) + @"\b", "$$" + arguments.Count);
        }

        // Prepared inside PL/pgSQL: a PREPARE sent by Npgsql's extended protocol would take the $n as its own parameters.
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE OR REPLACE FUNCTION pg_temp.generic_plan(query text, arguments int) RETURNS SETOF text LANGUAGE plpgsql AS $f$
                DECLARE line text;
                BEGIN
                    EXECUTE 'PREPARE checked AS ' || query;
                    PERFORM set_config('plan_cache_mode', 'force_generic_plan', true);
                    FOR line IN EXECUTE 'EXPLAIN EXECUTE checked(' || array_to_string(array_fill('NULL'::text, ARRAY[arguments]), ', ') || ')' LOOP
                        RETURN NEXT line;
                    END LOOP;
                    DEALLOCATE checked;
                END $f$
                """;
            await create.ExecuteNonQueryAsync();
        }

        await using var explain = connection.CreateCommand();
        explain.CommandText = "SELECT * FROM pg_temp.generic_plan(@query, @arguments)";
        var query = explain.CreateParameter();
        (query.ParameterName, query.Value) = ("@query", text);
        var count = explain.CreateParameter();
        (count.ParameterName, count.Value) = ("@arguments", arguments.Count);
        explain.Parameters.Add(query);
        explain.Parameters.Add(count);

        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return plan;
    }
}

public sealed class PostgreSqlImportCheckPlansOnAYoungProgrammeTests(PlanWorld.YoungProgramme world)
    : PostgreSqlImportCheckPlansTests(world), IClassFixture<PlanWorld.YoungProgramme>;

public sealed class PostgreSqlImportCheckPlansOnAnEmptyDatabaseTests(PlanWorld.EmptyDatabase world)
    : PostgreSqlImportCheckPlansTests(world), IClassFixture<PlanWorld.EmptyDatabase>;

/// <summary>The deletion changes the requests the plan tests read: on a world of its own (an empty database's statistics).</summary>
public sealed class PostgreSqlIncompleteDeletionTests : IAsyncLifetime
{
    private readonly PlanWorld _world = new PlanWorld.EmptyDatabase();
    private EngineHost _host = null!;
    private ImportFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        await _world.InitializeAsync();
        (_host, _fixture) = (_world.Host, _world.Fixture);
    }

    public Task DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task TheDeletion_DeletesTheTickedRequests_AndRefusesANumeroItCannotFind_OrARequestWithoutItsLifecycle()
    {
        await using var db = _host.NewContext();
        var imported = await db.FinancingRequests.AsNoTracking().Where(r => !r.NumeroAsp.StartsWith("ASP-PLAN-"))
            .OrderBy(r => r.NumeroAsp).Select(r => r.NumeroAsp).ToListAsync();
        var deletion = _host.Services.GetService<IncompleteDeletion>();
        var supplier = Subjects.SupplierActor(_fixture.Supplier.Id);

        var deleted = await deletion.DeleteAsync(supplier, _fixture.Supplier.Id, [imported[0], imported[1]]);
        var refused = await Assert.ThrowsAsync<IncompleteDeletionRefusedException>(
            () => deletion.DeleteAsync(supplier, _fixture.Supplier.Id, [imported[2], "ASP-INCONNU"]));

        // The world's ASP-PLAN rows are copies of a request made by SQL, with no workflow instance.
        var orphan = await Assert.ThrowsAsync<IncompleteDeletionRefusedException>(
            () => deletion.DeleteAsync(supplier, _fixture.Supplier.Id, [imported[2], "ASP-PLAN-5"]));

        Assert.Equal(2, deleted);
        Assert.Contains("ASP-INCONNU", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ASP-PLAN-5", orphan.Message, StringComparison.Ordinal);
        var statuses = await db.FinancingRequests.AsNoTracking().Where(r => imported.Contains(r.NumeroAsp)).OrderBy(r => r.NumeroAsp).Select(r => r.Status).ToListAsync();
        Assert.Equal([FinancingStates.Supprimee, FinancingStates.Supprimee, FinancingStates.NonCompletee], statuses);
    }
}

/// <summary>
/// The world the plans are read in, seeded once per test class: a supplier's imported file, then statistics of a young
/// programme (one file's beneficiaries, 200 requests) or of an empty database (a new database's first imports, before
/// autovacuum analyses the tables: decision 0255); the tables then grow to 20,000 beneficiaries and 3,200 requests.
/// </summary>
public abstract class PlanWorld(bool analysedEmpty) : IAsyncLifetime
{
    public EngineHost Host { get; private set; } = null!;

    public ImportFixture Fixture { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await EngineHost.StartAsync(DatabaseKind.PostgreSql);
        Fixture = await ImportFixture.CreateAsync(Host);
        await using var db = Host.NewContext();
        if (analysedEmpty)
        {
            await db.Database.ExecuteSqlRawAsync("""ANALYZE "FinancingBeneficiaries", "FinancingRequests" """);
        }

        await Fixture.ImportAsync(Fixture.Sample());
        if (!analysedEmpty)
        {
            await db.Database.ExecuteSqlRawAsync("""ANALYZE "FinancingBeneficiaries" """);
        }

        await AddRequestsAsync(db, 1, 200);
        if (!analysedEmpty)
        {
            await db.Database.ExecuteSqlRawAsync("""ANALYZE "FinancingRequests" """);
        }

        await AddBeneficiariesAsync(db, 1, 20_000);
        await AddRequestsAsync(db, 201, 3_200);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    private static Task AddBeneficiariesAsync(DbContext db, int from, int to) => db.Database.ExecuteSqlAsync($"""
        INSERT INTO "FinancingBeneficiaries" ("RequestId", "Identifier", "Kind", "Couloir", "TypeLogiciel")
        SELECT (SELECT "Id" FROM "FinancingRequests" ORDER BY "CreatedAt" LIMIT 1), '7' || lpad(n::text, 10, '0'), 'RPPS', 'MEDECIN_DE_VILLE', 'LGC'
        FROM generate_series({from}, {to}) AS n
        """);

    private static Task AddRequestsAsync(DbContext db, int from, int to) => db.Database.ExecuteSqlAsync($"""
        INSERT INTO "FinancingRequests"
        SELECT (jsonb_populate_record(NULL::"FinancingRequests", to_jsonb(r) || jsonb_build_object(
            'Id', gen_random_uuid(), 'NumeroAsp', 'ASP-PLAN-' || n, 'NumeroEditeur', 'EDI-PLAN-' || n))).*
        FROM generate_series({from}, {to}) AS n, (SELECT * FROM "FinancingRequests" ORDER BY "CreatedAt" LIMIT 1) AS r
        """);

    public sealed class YoungProgramme() : PlanWorld(analysedEmpty: false);

    public sealed class EmptyDatabase() : PlanWorld(analysedEmpty: true);
}

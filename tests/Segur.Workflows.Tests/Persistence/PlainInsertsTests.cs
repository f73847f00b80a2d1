using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Financing;
using Segur.Workflows.Imports;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>
/// On SQLite an import's rows go as one JSON text per table (decision 0240), on PostgreSQL as one binary COPY per table
/// (decision 0225): each column must hold exactly what the INSERT by parameters stored (same type, same text), for every
/// kind of value an import writes.
/// </summary>
public sealed class PlainInsertsTests
{
    [Fact]
    public async Task RowsSentAsJson_AreStoredExactlyAsRowsSentByParameters()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        var import = NewImport();
        var requests = new[] { NewRequest(import.Id, "ASP1", 1234.5m, null, "ligne « é » \"citée\" \\ \n 🙂"), NewRequest(import.Id, "ASP2", 0.1m, 99999999.99m, null) };
        var beneficiaries = requests.SelectMany(r => new[] { NewBeneficiary(r.Id, "10000000016"), NewBeneficiary(r.Id, "Ünïcode ✓") }).ToList();

        var byParameters = await InsertAndReadAsync(database, byParameters: true, import, requests, beneficiaries);
        var byJson = await InsertAndReadAsync(database, byParameters: false, import, requests, beneficiaries);

        Assert.Equal(3, byParameters.Count);
        Assert.NotEmpty(byParameters["FinancingBeneficiaries"]);
        foreach (var (table, rows) in byParameters)
        {
            Assert.Equal(rows, byJson[table]);
        }
    }

    [Fact]
    public async Task RowsSentByCopy_AreStoredExactlyAsRowsSentByParameters_OnPostgreSql()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.PostgreSql);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        var import = NewImport();
        var requests = new[] { NewRequest(import.Id, "ASP1", 1234.5m, null, "{\"ligne\": \"« é » \\\"citée\\\" 🙂\"}"), NewRequest(import.Id, "ASP2", 0.1m, 99999999.99m, null) };
        var beneficiaries = requests.SelectMany(r => new[] { NewBeneficiary(r.Id, "10000000016"), NewBeneficiary(r.Id, "Ünïcode ✓") }).ToList();

        var byParameters = await CopyAndReadAsync(database, byParameters: true, import, requests, beneficiaries);
        var byCopy = await CopyAndReadAsync(database, byParameters: false, import, requests, beneficiaries);

        Assert.Equal(3, byParameters.Count);
        Assert.Equal(4, byParameters["FinancingBeneficiaries"].Count);
        Assert.Contains(byParameters["FinancingRequests"], row => row.Contains("citée", StringComparison.Ordinal));
        foreach (var (table, rows) in byParameters)
        {
            Assert.Equal(rows, byCopy[table]);
        }
    }

    [Fact]
    public async Task ACopyThatBreaksAConstraint_LeavesNothingWritten_OnPostgreSql()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.PostgreSql);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        var import = NewImport();
        // Two requests with the same numéro ASP: the second row breaks the unique index inside the COPY.
        var requests = new[] { NewRequest(import.Id, "ASP1", 1m, null, null), NewRequest(import.Id, "ASP1", 2m, null, null) };

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => CopyAndReadAsync(database, byParameters: false, import, requests, []));

        await using var db = database.CreateContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = """SELECT (SELECT count(*) FROM "Imports") + (SELECT count(*) FROM "FinancingRequests")""";
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }

    private static async Task<Dictionary<string, List<string>>> CopyAndReadAsync(
        SegurDatabase database, bool byParameters, Import import, IReadOnlyList<FinancingRequest> requests, IReadOnlyList<FinancingBeneficiary> beneficiaries)
    {
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            // The rows point to a supplier and an enrolment this test does not make: keys unchecked for this transaction.
            await db.Database.ExecuteSqlRawAsync("SET LOCAL session_replication_role = replica");
            await db.Database.ExecuteSqlRawAsync("""DELETE FROM "FinancingBeneficiaries"; DELETE FROM "FinancingRequests"; DELETE FROM "Imports";""");
            await new PlainInserts(db) { ByParameters = byParameters }.Add([import]).Add(requests).Add(beneficiaries).SendAsync(CancellationToken.None);
            await transaction.CommitAsync();
        }

        var read = new Dictionary<string, List<string>>();
        foreach (var (table, order) in new[] { ("Imports", "\"Id\""), ("FinancingRequests", "\"NumeroAsp\""), ("FinancingBeneficiaries", "\"RequestId\", \"Identifier\"") })
        {
            await using var select = db.Database.GetDbConnection().CreateCommand();
            // Every column as PostgreSQL holds it (its JSON keeps each value's type), the beneficiaries' numbered key aside.
            select.CommandText = $"SELECT (to_jsonb(t) - 'Id')::text FROM \"{table}\" t ORDER BY {order}";
            await using var rows = await select.ExecuteReaderAsync();
            var values = new List<string>();
            while (await rows.ReadAsync())
            {
                values.Add(rows.GetString(0));
            }

            read[table] = values;
        }

        return read;
    }

    private static async Task<Dictionary<string, List<string>>> InsertAndReadAsync(
        SegurDatabase database, bool byParameters, Import import, IReadOnlyList<FinancingRequest> requests, IReadOnlyList<FinancingBeneficiary> beneficiaries)
    {
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF");
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            foreach (var table in new[] { "FinancingBeneficiaries", "FinancingRequests", "Imports" })
            {
                var delete = "DELETE FROM \"" + table + "\"";
                await db.Database.ExecuteSqlRawAsync(delete);
            }

            var inserts = new PlainInserts(db) { ByParameters = byParameters }.Add([import]).Add(requests);
            await (byParameters ? inserts.Add(beneficiaries) : inserts.Add(PlainInserts.Prepare(db, beneficiaries))).SendAsync(CancellationToken.None);
            await transaction.CommitAsync();
        }

        var read = new Dictionary<string, List<string>>();
        foreach (var table in new[] { "Imports", "FinancingRequests", "FinancingBeneficiaries" })
        {
            var connection = db.Database.GetDbConnection();
            var columns = new List<string>();
            await using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}') WHERE name <> 'Id' OR '{table}' <> 'FinancingBeneficiaries' ORDER BY cid";
                await using var reader = await info.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add(reader.GetString(0));
                }
            }

            await using var select = connection.CreateCommand();
            // typeof and quote: the SQLite type and the exact value of every column (the beneficiaries' numbered key aside).
            select.CommandText = $"SELECT {string.Join(" || '|' || ", columns.Select(c => $"'{c}=' || typeof(\"{c}\") || ':' || quote(\"{c}\")"))} FROM \"{table}\" ORDER BY rowid";
            await using var rows = await select.ExecuteReaderAsync();
            var values = new List<string>();
            while (await rows.ReadAsync())
            {
                values.Add(rows.GetString(0));
            }

            read[table] = values;
        }

        return read;
    }

    private static Import NewImport()
    {
        var import = new Import
        {
            Id = Guid.NewGuid(), Number = 42, SupplierId = Guid.NewGuid(), ImportedAt = new DateTime(2026, 12, 1, 19, 30, 12, DateTimeKind.Utc).AddTicks(1234567),
            NumeroAns = "ANS-1", Type = RequestType.Avance, FileName = "demandes.json", LineCount = 2, Retained = 2, Rejected = 0,
            FileHash = new string('a', 64), ImportedBy = "FRN-TEST",
        };
        import.AttachReturnedFile("{\"impId\":42}");
        return import;
    }

    private static FinancingRequest NewRequest(Guid importId, string numero, decimal declared, decimal? invoiced, string? lineJson) => new()
    {
        Id = Guid.NewGuid(), SupplierId = Guid.NewGuid(), EnrolmentId = Guid.NewGuid(), ImportId = importId, NumeroDossier = numero,
        NumeroAsp = numero + "M0", NumeroEditeur = "ED-" + numero, Type = RequestType.Avance, NumeroAns = "ANS-1", Siret = "12345678900011",
        Denomination = "Société d'essai", TypeLogiciel = "LGC", Couloir = "MEDECIN_DE_VILLE", RegimeTva = "TTC", DateCommande = new DateOnly(2026, 2, 28),
        MontantSegurHTDeclare = declared, MontantFactureHT = invoiced, EmailContact = "contact@example.org", LineJson = lineJson,
        CreatedAt = new DateTime(2026, 12, 1, 19, 30, 12, DateTimeKind.Utc),
    };

    private static FinancingBeneficiary NewBeneficiary(Guid requestId, string identifier) => new()
    {
        RequestId = requestId, Couloir = "MEDECIN_DE_VILLE", TypeLogiciel = "LGC", Kind = BeneficiaryKind.Rpps, Identifier = identifier,
    };
}

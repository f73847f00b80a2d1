using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Financing;

/// <summary>
/// The numéro « contient » filter through the trigram index (decision 0252), on each database: a fragment in the middle of
/// either number finds the request after an import's plain-SQL inserts and after an update, not after a deletion; LIKE's
/// wildcards typed by the user are plain characters; fewer than 3 characters filter nothing; and on a seeded set the rows are
/// exactly those the former condition (<c>Contains</c> on both numbers) gives.
/// </summary>
public abstract class RequestNumberSearchTests(DatabaseKind kind) : IAsyncLifetime
{
    private static readonly DateTime s_start = new(2026, 10, 1, 8, 0, 0, DateTimeKind.Utc);

    private TestDatabase _database = null!;
    private SegurDatabase _segur = null!;
    private RequestQueries _queries = null!;
    private readonly Guid _supplier = Guid.NewGuid();
    private readonly Guid _other = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(kind);
        _segur = new SegurDatabase(_database.Provider, _database.ConnectionString);
        await _segur.MigrateAsync();
        _queries = new RequestQueries(_segur, rules: null!); // a supplier's list never reads the rules
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AFragmentInTheMiddleOfEitherNumber_FindsTheRequest_AfterAnImportsPlainInserts()
    {
        await ImportAsync(
            Request(_supplier, "ASP26QX7731M0", "CMD-ALPHA-90210", 1),
            Request(_supplier, "ASP26ZZ1000M0", "CMD-BETA-11111", 2),
            Request(_other, "ASP26QX7799M0", "CMD-ALPHA-90299", 3));

        Assert.Equal(["CMD-ALPHA-90210"], await EditeursAsync("QX773"));
        Assert.Equal(["CMD-ALPHA-90210"], await EditeursAsync("PHA-902"));
        Assert.Equal(["CMD-ALPHA-90210", "CMD-BETA-11111"], await EditeursAsync("CMD-"));
        Assert.Empty(await EditeursAsync("PHA-903"));
    }

    [Fact]
    public async Task TheSqliteIndex_GivesTheCandidates_AndTheQueryStartsFromThem()
    {
        if (kind != DatabaseKind.Sqlite)
        {
            return; // the FTS5 table is SQLite's; PostgreSQL's GIN indexes are chosen by its planner
        }

        var mine = Request(_supplier, "ASP26QX7731M0", "CMD-ALPHA-90210", 1);
        var theirs = Request(_other, "ASP26QX7799M0", "CMD-ALPHA-90299", 2);
        await ImportAsync(mine, theirs);
        await using var db = _segur.CreateContext();

        Assert.Equal([mine.Id], await CandidateIdsAsync(db, "HA-9021", 10));
        Assert.Equal(new[] { mine.Id, theirs.Id }.Order(), (await CandidateIdsAsync(db, "ALPHA", 10)).Order());
        Assert.Equal(new[] { mine.Id, theirs.Id }.Order(), (await CandidateIdsAsync(db, "QX77", 10)).Order());
        Assert.Empty(await CandidateIdsAsync(db, "OMEGA", 10));
        // More candidates than allowed: none given, the table's index is walked as before (and finds the same rows).
        Assert.Null(await RequestNumberSearch.CandidatesAsync(db, "ALPHA", 1, CancellationToken.None));
        Assert.Null(await RequestNumberSearch.CandidatesAsync(db, "AL", 10, CancellationToken.None));
        var sql = RequestNumberSearch.Rows(db, [1, 2]).Where(r => r.SupplierId == _supplier).OrderBy(r => r.MontantRetenuHT).Select(r => r.Id).ToQueryString();
        Assert.Matches(@"(?s)json_each\(@\w+\) AS c CROSS JOIN ""FinancingRequests"" AS r ON r\.rowid = c\.value", sql);
    }

    [Fact]
    public async Task OnPostgreSql_TheFilterIsALike_ThatTheTrigramIndexesServe()
    {
        if (kind != DatabaseKind.PostgreSql)
        {
            return;
        }

        await ImportAsync([.. Enumerable.Range(0, 20_000).Select(i => Request(_supplier, $"ASP26{i:0000000}M0", $"CMD-ALPHA-{i:00000}", i % 28))]);
        await using var db = _segur.CreateContext();
        var sql = db.FinancingRequests.Filtered(db, new RequestFilter { Numero = "HA-0213" }).Select(r => r.Id).ToQueryString();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        // 20,000 rows here (fewer make a full walk of a narrow index cheaper); the table is not read whole, as at a million rows.
        command.CommandText = "ANALYZE \"FinancingRequests\"; SET enable_seqscan = off; EXPLAIN " + sql;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains("LIKE", sql);
        Assert.DoesNotContain("strpos", sql);
        Assert.True(plan.Any(line => line.Contains("IX_FinancingRequests_NumeroAsp_Trigrams")), string.Join("\n", plan));
        Assert.Contains(plan, line => line.Contains("IX_FinancingRequests_NumeroEditeur_Trigrams"));
    }

    private static async Task<List<Guid>> CandidateIdsAsync(SegurDbContext db, string numero, int max) =>
        await RequestNumberSearch.Rows(db, (await RequestNumberSearch.CandidatesAsync(db, numero, max, CancellationToken.None))!).Select(r => r.Id).ToListAsync();

    [Fact]
    public async Task AnUpdatedNumber_IsFoundByItsNewText_AndNoLongerByItsOldOne()
    {
        var request = Request(_supplier, "ASP26QX7731M0", "CMD-ALPHA-90210", 1);
        await ImportAsync(request);

        // The numbers are set by the import only; a correction by SQL (an operator's) must still be followed by the index.
        await ExecuteAsync($"UPDATE \"FinancingRequests\" SET \"NumeroEditeur\" = 'CMD-GAMMA-55555' WHERE \"Id\" = {Id(request.Id)}");

        Assert.Equal(["CMD-GAMMA-55555"], await EditeursAsync("GAMMA-5"));
        Assert.Empty(await EditeursAsync("ALPHA-9"));
        Assert.Equal(["CMD-GAMMA-55555"], await EditeursAsync("QX773"));
    }

    [Fact]
    public async Task ADeletedRequest_IsNotFound_WhetherMarkedOrRemoved()
    {
        var marked = Request(_supplier, "ASP26QX7731M0", "CMD-ALPHA-90210", 1);
        var removed = Request(_supplier, "ASP26QX7732M0", "CMD-ALPHA-90211", 2);
        var kept = Request(_supplier, "ASP26QX7733M0", "CMD-ALPHA-90212", 3);
        await ImportAsync(marked, removed, kept);

        await using (var db = _segur.CreateContext())
        {
            var tracked = await db.FinancingRequests.SingleAsync(r => r.Id == marked.Id);
            tracked.DeleteIncomplete(s_start.AddDays(9));
            await db.SaveChangesAsync();
        }

        await ExecuteAsync($"DELETE FROM \"FinancingRequests\" WHERE \"Id\" = {Id(removed.Id)}");

        Assert.Equal(["CMD-ALPHA-90212"], await EditeursAsync("HA-902"));
        if (kind == DatabaseKind.Sqlite)
        {
            Assert.Equal(2L, await ScalarAsync($"SELECT count(*) FROM \"{RequestNumberSearch.SqliteTable}\" WHERE \"{RequestNumberSearch.SqliteTable}\" MATCH '\"HA-902\"'"));
        }
    }

    [Fact]
    public async Task PercentAndUnderscore_InTheText_AreOrdinaryCharacters()
    {
        await ImportAsync(
            Request(_supplier, "ASP26AA0001M0", "LOT_50%-A", 1),
            Request(_supplier, "ASP26AA0002M0", "LOTX50Y-A", 2),
            Request(_supplier, "ASP26AA0003M0", "LOT\\50-B", 3));

        Assert.Equal(["LOT_50%-A"], await EditeursAsync("T_50%"));
        Assert.Equal(["LOT_50%-A"], await EditeursAsync("50%"));
        Assert.Equal(["LOT_50%-A"], await EditeursAsync("_50"));
        Assert.Equal(["LOT\\50-B"], await EditeursAsync("T\\5"));
        Assert.Empty(await EditeursAsync("%-B"));
        Assert.Empty(await EditeursAsync("\"50"));
    }

    [Fact]
    public async Task FewerThanThreeCharacters_FilterNothing()
    {
        await ImportAsync(Request(_supplier, "ASP26AA0001M0", "CMD-1", 1), Request(_supplier, "ASP26AA0002M0", "CMD-2", 2));

        Assert.Equal(["CMD-1", "CMD-2"], await EditeursAsync("ZZ"));
        Assert.Equal(["CMD-1", "CMD-2"], await EditeursAsync("  Z "));
        Assert.Empty(await EditeursAsync("ZZZ"));
    }

    [Fact]
    public async Task OnASeededSet_TheRowsAreExactlyThoseOfTheFormerCondition()
    {
        var random = new Random(252);
        string[] prefixes = ["BDC-2026-", "CMD/", "devis_", "Lot%", "FAC-2025-"];
        var requests = Enumerable.Range(0, 400).Select(i => Request(
            i % 4 == 0 ? _other : _supplier,
            $"ASP26{random.Next(100_000, 999_999)}{i:000}M{i % 2}",
            $"{prefixes[i % prefixes.Length]}{random.Next(0, 999):000}{i:000}",
            i % 28)).ToArray();
        await ImportAsync(requests);
        string[] texts =
        [
            "2026", "BDC-2026-0", "ASP26", "7M1", "0M0", "CMD/1", "s_0", "devis_", "Lot%", "t%1", "FAC-2025-9", "999", "00M",
            "26" + requests[7].NumeroAsp[5..9], requests[11].NumeroEditeur[2..], requests[123].NumeroAsp[3..10], "ZZZZ", "bdc",
        ];

        await using var db = _segur.CreateContext();
        foreach (var text in texts)
        {
            var expected = requests.Where(r => r.SupplierId == _supplier && (r.NumeroAsp.Contains(text, StringComparison.Ordinal) || r.NumeroEditeur.Contains(text, StringComparison.Ordinal)))
                .Select(r => r.NumeroAsp).Order(StringComparer.Ordinal).ToList();
            // The former condition, run by the database itself.
            var former = await db.FinancingRequests.Where(r => r.SupplierId == _supplier && (r.NumeroAsp.Contains(text) || r.NumeroEditeur.Contains(text)))
                .Select(r => r.NumeroAsp).ToListAsync();
            var shown = new List<string>();
            var page = await _queries.ListAsync(_supplier, new RequestFilter { Numero = text }, new RequestSort(RequestSortColumn.NumeroAsp, false), 1, 50);
            shown.AddRange(page.Items.Select(r => r.NumeroAsp));
            for (var number = 2; number <= page.PageCount; number++)
            {
                shown.AddRange((await _queries.ListAsync(_supplier, new RequestFilter { Numero = text }, new RequestSort(RequestSortColumn.NumeroAsp, false), number, 50, page.Total)).Items.Select(r => r.NumeroAsp));
            }

            Assert.Equal(expected, former.Order(StringComparer.Ordinal));
            Assert.Equal(expected.Count, page.Total);
            Assert.Equal(expected, shown);
        }

        Assert.Contains(texts, t => requests.Count(r => r.NumeroEditeur.Contains(t, StringComparison.Ordinal)) > 50); // a common text among them
    }

    private async Task<List<string>> EditeursAsync(string numero) =>
        [.. (await _queries.ListAsync(_supplier, new RequestFilter { Numero = numero }, null, 1, 50)).Items.Select(r => r.NumeroEditeur).Order(StringComparer.Ordinal)];

    /// <summary>Inserts the requests as an import does: by plain SQL (on SQLite one <c>INSERT … SELECT … FROM json_each</c>).</summary>
    private async Task ImportAsync(params FinancingRequest[] requests)
    {
        await using var db = _segur.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await new PlainInserts(db).Add(requests).SendAsync(CancellationToken.None);
        await transaction.CommitAsync();
    }

    private string Id(Guid id) => kind == DatabaseKind.Sqlite ? $"'{id.ToString().ToUpperInvariant()}'" : $"'{id}'";

    private async Task ExecuteAsync(string sql)
    {
        await using var db = _segur.CreateContext();
        Assert.Equal(1, await db.Database.ExecuteSqlRawAsync(sql));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new SqliteConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static FinancingRequest Request(Guid supplier, string numeroAsp, string editeur, int day)
    {
        var request = new FinancingRequest
        {
            Id = Guid.NewGuid(), SupplierId = supplier, NumeroDossier = numeroAsp[..^2], NumeroAsp = numeroAsp,
            NumeroEditeur = editeur, Type = RequestType.Avance, NumeroAns = "ANS-2026-LGC-0001", Siret = "84123456700011", Denomination = "Cabinet Exemple Santé",
            TypeLogiciel = "LGC", Couloir = "MEDECIN_DE_VILLE", RegimeTva = "TTC", DateCommande = new DateOnly(2026, 9, 15), MontantSegurHTDeclare = 100m,
            EmailContact = "contact@editeur.example", CreatedAt = s_start.AddDays(day),
        };
        request.OnStateEntered(FinancingStates.DefinitionId, FinancingStates.EnCours, "En cours");
        return request;
    }
}

public sealed class SqliteRequestNumberSearchTests() : RequestNumberSearchTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlRequestNumberSearchTests() : RequestNumberSearchTests(DatabaseKind.PostgreSql);

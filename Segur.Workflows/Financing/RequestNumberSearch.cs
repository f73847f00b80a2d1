using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>
/// The numéro « contient » filter served by a trigram index (docs/decisions/0252), so that a fragment of a numéro ASP or
/// éditeur seeks instead of walking every index entry of the table.
/// <list type="bullet">
/// <item>SQLite: an FTS5 table (<see cref="SqliteTable"/>, tokenizer <c>trigram case_sensitive 1</c>) holding each request's
/// two numbers, its id and its supplier, keyed by the request's rowid and kept in step by triggers on
/// <c>FinancingRequests</c> (so the imports' plain <c>INSERT … SELECT … FROM json_each</c> are covered).
/// <see cref="CandidatesAsync"/> asks it for the requests holding the text's rarest trigrams; the query then starts from those
/// (<see cref="Rows"/>: a few hundred row reads) and keeps the exact condition, so the rows shown are those of the former
/// filter.</item>
/// <item>PostgreSQL: <c>pg_trgm</c> GIN indexes on both columns and the filter written as <c>LIKE '%…%'</c> (escaped),
/// which they serve; the planner chooses between them and the table's own indexes.</item>
/// <item>SQL Server: the former filter.</item>
/// </list>
/// </summary>
public static class RequestNumberSearch
{
    /// <summary>The FTS5 table of the numbers (SQLite).</summary>
    public const string SqliteTable = "FinancingRequestNumbers";

    /// <summary>
    /// Creates the FTS5 table, fills it from the requests already there and adds the triggers that keep it in step. A later
    /// migration that rebuilds <c>FinancingRequests</c> (EF's table rebuild drops its triggers and renumbers its rowids) must
    /// run <see cref="SqliteDrop"/> then this again.
    /// </summary>
    public const string SqliteCreate = """
        CREATE VIRTUAL TABLE "FinancingRequestNumbers" USING fts5(
            "Id" UNINDEXED, "SupplierId" UNINDEXED, "NumeroAsp", "NumeroEditeur",
            tokenize = 'trigram case_sensitive 1', columnsize = 0);
        INSERT INTO "FinancingRequestNumbers" (rowid, "Id", "SupplierId", "NumeroAsp", "NumeroEditeur")
            SELECT rowid, "Id", "SupplierId", "NumeroAsp", "NumeroEditeur" FROM "FinancingRequests";
        INSERT INTO "FinancingRequestNumbers" ("FinancingRequestNumbers") VALUES ('optimize');
        CREATE TRIGGER "FinancingRequests_Numbers_Insert" AFTER INSERT ON "FinancingRequests" BEGIN
            INSERT INTO "FinancingRequestNumbers" (rowid, "Id", "SupplierId", "NumeroAsp", "NumeroEditeur")
                VALUES (new.rowid, new."Id", new."SupplierId", new."NumeroAsp", new."NumeroEditeur");
        END;
        CREATE TRIGGER "FinancingRequests_Numbers_Update" AFTER UPDATE OF "Id", "SupplierId", "NumeroAsp", "NumeroEditeur" ON "FinancingRequests" BEGIN
            DELETE FROM "FinancingRequestNumbers" WHERE rowid = old.rowid;
            INSERT INTO "FinancingRequestNumbers" (rowid, "Id", "SupplierId", "NumeroAsp", "NumeroEditeur")
                VALUES (new.rowid, new."Id", new."SupplierId", new."NumeroAsp", new."NumeroEditeur");
        END;
        CREATE TRIGGER "FinancingRequests_Numbers_Delete" AFTER DELETE ON "FinancingRequests" BEGIN
            DELETE FROM "FinancingRequestNumbers" WHERE rowid = old.rowid;
        END;
        """;

    /// <summary>Undoes <see cref="SqliteCreate"/>.</summary>
    public const string SqliteDrop = """
        DROP TRIGGER IF EXISTS "FinancingRequests_Numbers_Insert";
        DROP TRIGGER IF EXISTS "FinancingRequests_Numbers_Update";
        DROP TRIGGER IF EXISTS "FinancingRequests_Numbers_Delete";
        DROP TABLE IF EXISTS "FinancingRequestNumbers";
        """;

    /// <summary>
    /// The extension (a « trusted » one since PostgreSQL 13: a role with CREATE on the database may add it; otherwise the
    /// administrator runs <c>CREATE EXTENSION pg_trgm</c> once, decision 0252) and one GIN index per number.
    /// </summary>
    public const string PostgreSqlCreate = """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX "IX_FinancingRequests_NumeroAsp_Trigrams" ON "FinancingRequests" USING gin ("NumeroAsp" gin_trgm_ops);
        CREATE INDEX "IX_FinancingRequests_NumeroEditeur_Trigrams" ON "FinancingRequests" USING gin ("NumeroEditeur" gin_trgm_ops);
        """;

    /// <summary>Undoes <see cref="PostgreSqlCreate"/> (the extension stays: other objects may use it).</summary>
    public const string PostgreSqlDrop = """
        DROP INDEX IF EXISTS "IX_FinancingRequests_NumeroAsp_Trigrams";
        DROP INDEX IF EXISTS "IX_FinancingRequests_NumeroEditeur_Trigrams";
        """;

    /// <summary>
    /// Beyond this many requests holding a trigram, the trigram counts as common: probing stops there, so a probe costs at most
    /// this many index entries.
    /// </summary>
    internal const int ProbeLimit = 1_000;

    /// <summary>Trigrams of the text at most asked (a numéro is ~15–30 characters).</summary>
    private const int MaxTrigrams = 32;

    /// <summary>Trigrams ANDed in the candidates' query: the rarest, so the FTS walks short lists.</summary>
    private const int Terms = 3;

    /// <summary>
    /// The rowids of the requests whose numbers hold the text's rarest trigrams — a superset of those containing the text,
    /// which the query then checks exactly — or null when the index cannot help: not SQLite, a text of fewer than 3
    /// characters, or more than <paramref name="maxCandidates"/> requests (over all suppliers: a text that common fills a
    /// page quickly by walking the table's index, as before).
    /// </summary>
    public static async Task<IReadOnlyList<long>?> CandidatesAsync(SegurDbContext db, string? numero, int maxCandidates, CancellationToken ct)
    {
        if (!db.Database.IsSqlite() || numero?.Trim() is not { Length: >= 3 } text || Trigrams(text) is not { Count: > 0 } trigrams)
        {
            return null;
        }

        await db.Database.OpenConnectionAsync(ct);
        var connection = db.Database.GetDbConnection();
        var probed = new List<(string Trigram, long Count, int Position)>(trigrams.Count);
        for (var i = 0; i < trigrams.Count; i++)
        {
            var count = await ScalarAsync(connection,
                $"SELECT count(*) FROM (SELECT 1 FROM \"{SqliteTable}\" WHERE \"{SqliteTable}\" MATCH $q LIMIT {ProbeLimit})", Quoted(trigrams[i]), ct);
            if (count == 0)
            {
                return [];
            }

            probed.Add((trigrams[i], count, i));
        }

        // The rarest first; among the common ones (all counted as ProbeLimit) the later ones, where numbers tell each other apart.
        var match = string.Join(" AND ", probed.OrderBy(p => p.Count).ThenByDescending(p => p.Position).Take(Terms).Select(p => Quoted(p.Trigram)));
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT rowid FROM \"{SqliteTable}\" WHERE \"{SqliteTable}\" MATCH $q LIMIT {maxCandidates + 1}";
        AddParameter(command, match);
        var candidates = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (candidates.Count == maxCandidates)
            {
                return null;
            }

            candidates.Add(reader.GetInt64(0));
        }

        return candidates;
    }

    /// <summary>
    /// The candidates' requests, as the root the table's query starts from: the candidates first (SQLite keeps a CROSS JOIN's
    /// left side as the outer loop), each request read by its rowid — never a walk of an index per candidate, whatever the
    /// order asked (a join on the id let SQLite 3.40 walk the date's covering index once per candidate for an amount order).
    /// </summary>
    public static IQueryable<FinancingRequest> Rows(SegurDbContext db, IReadOnlyList<long> candidates)
    {
        var rowids = JsonSerializer.Serialize(candidates);
        return db.FinancingRequests.FromSql(
            $"SELECT r.* FROM json_each({rowids}) AS c CROSS JOIN \"FinancingRequests\" AS r ON r.rowid = c.value");
    }

    /// <summary>The text as a LIKE pattern « contient » with PostgreSQL's escape character (backslash) before <c>\ % _</c>.</summary>
    public static string LikeContains(string text)
    {
        var pattern = new StringBuilder(text.Length + 4).Append('%');
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_')
            {
                pattern.Append('\\');
            }

            pattern.Append(c);
        }

        return pattern.Append('%').ToString();
    }

    /// <summary>The distinct trigrams of the text as FTS5's trigram tokenizer cuts it (by Unicode code points, case kept).</summary>
    internal static IReadOnlyList<string> Trigrams(string text)
    {
        var runes = text.EnumerateRunes().Select(r => r.ToString()).ToList();
        var trigrams = new List<string>();
        for (var i = 0; i + 3 <= runes.Count && trigrams.Count < MaxTrigrams; i++)
        {
            var trigram = runes[i] + runes[i + 1] + runes[i + 2];
            if (!trigrams.Contains(trigram, StringComparer.Ordinal))
            {
                trigrams.Add(trigram);
            }
        }

        return trigrams;
    }

    /// <summary>An FTS5 string: everything in double quotes is literal, a double quote doubled.</summary>
    private static string Quoted(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task<long> ScalarAsync(DbConnection connection, string sql, string query, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        AddParameter(command, query);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
    }

    private static void AddParameter(DbCommand command, string query)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$q";
        parameter.Value = query;
        command.Parameters.Add(parameter);
    }
}

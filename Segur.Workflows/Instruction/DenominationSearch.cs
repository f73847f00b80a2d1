using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Instruction;

/// <summary>
/// The staff search's « fournisseur » filter (a dénomination « contient », case folded by the database's <c>lower</c>) resolved
/// first against the dénominations the requests hold — one per supplier, a few thousand at most — so that the requests are then
/// filtered by equality on those few names, which <c>IX_FinancingRequests_Staff_Fournisseur</c> seeks (and walks in the
/// dénomination's order), instead of testing the text on every index entry of a million requests (docs/decisions/0207).
/// <para>
/// The names are read from the requests themselves, not from <c>Suppliers</c> (a request keeps the dénomination it was
/// imported with): a skip over that index's distinct dénominations, one seek each, tested with the very functions EF writes
/// for the former filter (<c>instr(lower(…), t)</c> on SQLite, <c>strpos(lower(…), t)</c> on PostgreSQL), so the rows kept
/// are exactly the former filter's.
/// </para>
/// </summary>
public static class DenominationSearch
{
    /// <summary>Beyond this many matching dénominations the text is common: the former filter walks an index and finds a page early.</summary>
    internal const int MaxNames = 100;

    // One seek per distinct dénomination of a request not deleted (a recursive skip over the index that leads with
    // DeletedAt, Denomination), then the text's test on each.
    private const string DistinctNames = """
        WITH RECURSIVE "names"("d") AS (
            SELECT (SELECT "Denomination" FROM "FinancingRequests" WHERE "DeletedAt" IS NULL
                    ORDER BY "DeletedAt", "Denomination" LIMIT 1)
            UNION ALL
            SELECT (SELECT r."Denomination" FROM "FinancingRequests" AS r WHERE r."DeletedAt" IS NULL AND r."Denomination" > "names"."d"
                    ORDER BY r."DeletedAt", r."Denomination" LIMIT 1)
            FROM "names" WHERE "names"."d" IS NOT NULL)
        SELECT "d" FROM "names" WHERE "d" IS NOT NULL AND {0} > 0 LIMIT {1}
        """;

    /// <summary>
    /// The dénominations of requests (not deleted) that contain the text as the former filter reads it — possibly none — or
    /// null when the former filter applies: no text, SQL Server (left as it was), or more than <see cref="MaxNames"/> names.
    /// </summary>
    /// <param name="lowered">The text, trimmed and lowered by the caller as the former filter did (<c>string.ToLower()</c>).</param>
    public static async Task<IReadOnlyList<string>?> NamesAsync(SegurDbContext db, string? lowered, CancellationToken ct)
    {
        if (lowered is not { Length: > 0 } || !(db.Database.IsSqlite() || db.Database.IsNpgsql()))
        {
            return null;
        }

        var test = db.Database.IsSqlite() ? "instr(lower(\"d\"), $t)" : "strpos(lower(\"d\"), @t)";
        await db.Database.OpenConnectionAsync(ct);
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, DistinctNames, test, MaxNames + 1);
        var parameter = command.CreateParameter();
        parameter.ParameterName = db.Database.IsSqlite() ? "$t" : "t";
        parameter.Value = lowered;
        command.Parameters.Add(parameter);
        var names = new List<string>();
        await using DbDataReader reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (names.Count == MaxNames)
            {
                return null;
            }

            names.Add(reader.GetString(0));
        }

        return names;
    }
}

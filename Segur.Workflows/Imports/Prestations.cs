using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Imports;

/// <summary>A request that already finances a beneficiary for the programme of the file being imported.</summary>
public sealed record HeldPrestation(Guid SupplierId, string NumeroAsp, string Status, string StatusLabel);

/// <summary>
/// One Prestation Ségur per beneficiary per programme (couloir and software type), whichever supplier asks: the
/// requests already financing a file's beneficiaries are read in one query per import (docs/decisions/0032).
/// </summary>
public static class Prestations
{
    /// <summary>The states after which a request no longer holds its beneficiaries ("Historisée" is a version, never a state).</summary>
    public static readonly string[] ReleasingStates = ["Rejetee", "Annulee", "Supprimee"];

    // Keeps each IN list well under SQL Server's 2,100 parameters; 200 lines rarely need more than one batch.
    private const int Batch = 500;

    /// <summary>Per identifier, the requests of any supplier that hold it for this couloir and software type.</summary>
    public static async Task<IReadOnlyDictionary<string, List<HeldPrestation>>> HeldAsync(
        SegurDbContext db, string couloir, string typeLogiciel, IReadOnlyCollection<string> identifiers, CancellationToken ct)
    {
        var held = new Dictionary<string, List<HeldPrestation>>(StringComparer.Ordinal);
        foreach (var batch in identifiers.Distinct(StringComparer.Ordinal).Chunk(Batch))
        {
            var rows = await HeldQuery(db, couloir, typeLogiciel, batch).ToListAsync(ct);
            foreach (var row in rows)
            {
                if (!held.TryGetValue(row.Identifier, out var list))
                {
                    held[row.Identifier] = list = [];
                }

                list.Add(new HeldPrestation(row.SupplierId, row.NumeroAsp, row.Status, row.StatusLabel));
            }
        }

        return held;
    }

    /// <summary>
    /// On PostgreSQL the identifiers are joined as a table (<c>unnest</c>), not tested with <c>= ANY</c>: once Npgsql
    /// auto-prepares the query, its generic plan (chosen without the values, on statistics of a smaller table) filtered a
    /// sequential scan comparing every beneficiary with every identifier, ~210 ms per 500 under the programme's lock
    /// (decision 0226). Each identifier is sought on its own (a <c>LATERAL</c> subquery kept apart by <c>OFFSET 0</c>): the
    /// programme's index with the identifier, then the request by its key, whatever the statistics say; joined plainly,
    /// statistics of an empty table (a new database's first imports) had it compare each of the programme's beneficiaries
    /// with every identifier, or read every live request once per identifier: 15–50 ms per 200 (decision 0255).
    /// </summary>
    internal static IQueryable<HeldRow> HeldQuery(SegurDbContext db, string couloir, string typeLogiciel, string[] identifiers) =>
        db is PostgreSqlSegurDbContext
            ? db.Database.SqlQuery<HeldRow>($"""
                SELECT h."Identifier", h."SupplierId", h."NumeroAsp", h."Status", h."StatusLabel", h."CreatedAt"
                FROM unnest({identifiers}::text[]) AS i("Identifier")
                CROSS JOIN LATERAL (
                    SELECT b."Identifier", r."SupplierId", r."NumeroAsp", r."Status", r."StatusLabel", r."CreatedAt"
                    FROM "FinancingBeneficiaries" AS b
                    JOIN "FinancingRequests" AS r ON r."Id" = b."RequestId"
                    WHERE b."Couloir" = {couloir} AND b."TypeLogiciel" = {typeLogiciel} AND b."Identifier" = i."Identifier"
                      AND r."DeletedAt" IS NULL AND r."Status" <> ALL ({ReleasingStates}::text[])
                    OFFSET 0) AS h
                """).OrderBy(h => h.CreatedAt)
            : from b in db.FinancingBeneficiaries.AsNoTracking()
              join r in db.FinancingRequests.AsNoTracking() on b.RequestId equals r.Id
              where b.Couloir == couloir && b.TypeLogiciel == typeLogiciel && identifiers.Contains(b.Identifier)
                    && r.DeletedAt == null && !ReleasingStates.Contains(r.Status)
              orderby r.CreatedAt
              select new HeldRow
              {
                  Identifier = b.Identifier, SupplierId = r.SupplierId, NumeroAsp = r.NumeroAsp, Status = r.Status,
                  StatusLabel = r.StatusLabel, CreatedAt = r.CreatedAt,
              };

    /// <summary>A row of <see cref="HeldQuery"/>: a beneficiary's identifier and the request holding it.</summary>
    internal sealed class HeldRow
    {
        public required string Identifier { get; init; }
        public required Guid SupplierId { get; init; }
        public required string NumeroAsp { get; init; }
        public required string Status { get; init; }
        public required string StatusLabel { get; init; }
        public required DateTime CreatedAt { get; init; }
    }

    /// <summary>
    /// Inside the import's transaction, before <see cref="HeldAsync"/>: imports of the same programme wait for each other,
    /// so two of them cannot both retain the same beneficiary. SQLite needs nothing: one process, whose writes
    /// run one after the other (<see cref="Persistence.DatabaseWriter"/>).
    /// </summary>
    public static async Task LockProgrammeAsync(SegurDbContext db, string couloir, string typeLogiciel, CancellationToken ct)
    {
        var resource = $"segur:prestation:{couloir}:{typeLogiciel}";
        switch (db)
        {
            case PostgreSqlSegurDbContext:
                var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(resource)), 0);
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);
                break;
            case SqlServerSegurDbContext:
                await db.Database.ExecuteSqlAsync($"""
                    DECLARE @result int;
                    EXEC @result = sp_getapplock @Resource = {resource}, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 60000;
                    IF @result < 0 THROW 51000, 'Verrou des prestations non obtenu.', 1;
                    """, ct);
                break;
        }
    }
}

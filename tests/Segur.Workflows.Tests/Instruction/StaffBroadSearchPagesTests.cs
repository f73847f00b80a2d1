using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Segur.Workflows.Financing;
using Segur.Workflows.Instruction;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Instruction;

/// <summary>
/// Broad staff searches read deep or in another order than their filter's (docs/decisions/0234): one type or one status walks
/// an index of its own entries (<c>IX_FinancingRequests_Staff_Type_*</c>, <c>…_Statut_DateDepot</c>), and a date range that
/// counts past the cap, sorted by statut or dénomination, walks that order's index on SQLite instead of sorting the range.
/// Every page, capped or exact, forward or read from the end, equals the former query's order; the SQLite plans seek as said.
/// </summary>
public abstract class StaffBroadSearchPagesTests(DatabaseKind kind) : IAsyncLifetime
{
    private static readonly DateTime s_start = new(2026, 10, 1, 8, 0, 0, DateTimeKind.Utc);
    private static readonly RequestSortColumn[] s_columns = [RequestSortColumn.DateDepot, RequestSortColumn.NumeroAsp, RequestSortColumn.Denomination, RequestSortColumn.Statut];
    private static readonly (string Code, string Label)[] s_states =
    [
        (FinancingStates.EnCours, "En cours"), (FinancingStates.Validee, "Validée"), (FinancingStates.EnCours, "En cours"),
        (FinancingStates.Decidee, "Décidée"), (FinancingStates.Rejetee, "Rejetée"),
    ];

    private EngineHost _host = null!;
    private InstructionQueries _exact = null!;
    private InstructionQueries _capped = null!;

    public async Task InitializeAsync()
    {
        _host = await EngineHost.StartAsync(kind);
        _exact = _host.Services.GetRequiredService<InstructionQueries>();
        // A cap of 6: the broad searches below count « more than 6 » and page on as at a million requests.
        _capped = ActivatorUtilities.CreateInstance<InstructionQueries>(_host.Services, Options.Create(new InstructionOptions { CountCap = 6 }));
        await using var db = _host.NewContext();
        for (var number = 1; number <= 72; number++)
        {
            var request = NewRequest(number);
            // One in nine hidden from staff (not complétée), one deleted: neither ever shows.
            var (code, label) = number % 9 == 0 ? (FinancingStates.NonCompletee, "Non complétée") : s_states[number % s_states.Length];
            request.OnStateEntered(FinancingStates.DefinitionId, code, label);
            if (number == 10)
            {
                request.DeleteIncomplete(s_start);
            }

            db.FinancingRequests.Add(request);
        }

        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<RequestSortColumn> Columns() => [.. s_columns];

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task OneTypeOrOneStatus_EveryPageFollowsTheSearchsOrder_CappedOrExact(RequestSortColumn column)
    {
        StaffRequestFilter[] filters =
        [
            new() { Type = RequestType.Solde }, new() { Type = RequestType.Avance }, new() { Statuts = ["En cours"] },
            new() { Statuts = ["En cours"], Type = RequestType.Solde }, new() { Statuts = ["Rejetée", "Validée"] },
        ];
        foreach (var filter in filters)
        {
            await EveryPageAsync(filter, column);
        }
    }

    [Theory]
    [MemberData(nameof(Columns))]
    public async Task ADateRange_EveryPageFollowsTheSearchsOrder_BroadOrNarrow(RequestSortColumn column)
    {
        var from = DateOnly.FromDateTime(s_start);
        StaffRequestFilter[] filters =
        [
            new() { Du = from.AddDays(2), Au = from.AddDays(9) }, // broad: more than the cap, so statut and dénomination walk their index
            new() { Du = from.AddDays(3), Au = from.AddDays(3) }, // narrow: counted exactly
            new() { Du = from.AddDays(1), Au = from.AddDays(11), Type = RequestType.Avance },
            new() { Du = from.AddDays(1), Au = from.AddDays(11), Statuts = ["En cours"] },
            new() { Du = from.AddDays(30), Au = from.AddDays(31) }, // none
        ];
        foreach (var filter in filters)
        {
            await EveryPageAsync(filter, column);
        }

        var broad = await _capped.SearchAsync(filters[0] with { Sort = new RequestSort(column) }, 1, 2);
        Assert.True(broad.TotalCapped);
    }

    [Fact]
    public void ADateRange_WalksTheOrdersIndex_SortedByStatutOrDenomination_WithinTheFirstRows()
    {
        using var db = _host.NewContext();
        var range = new StaffRequestFilter { Du = new DateOnly(2026, 10, 2), Au = new DateOnly(2026, 10, 9) };
        var sqlite = kind == DatabaseKind.Sqlite;

        Assert.Equal(sqlite, InstructionQueries.WalksTheOrderPastTheDates(db, range with { Sort = new RequestSort(RequestSortColumn.Statut) }, 20));
        Assert.Equal(sqlite, InstructionQueries.WalksTheOrderPastTheDates(db, range with { Sort = new RequestSort(RequestSortColumn.Denomination, true) }, InstructionQueries.WalkedRows));
        // Not the numéro (given in the order of deposit: its walk would skip every request on one side of the range), not the
        // date (the range's own order), not past the first rows, not without a range.
        Assert.False(InstructionQueries.WalksTheOrderPastTheDates(db, range with { Sort = new RequestSort(RequestSortColumn.NumeroAsp) }, 20));
        Assert.False(InstructionQueries.WalksTheOrderPastTheDates(db, range, 20));
        Assert.False(InstructionQueries.WalksTheOrderPastTheDates(db, range with { Sort = new RequestSort(RequestSortColumn.Statut) }, InstructionQueries.WalkedRows + 1));
        Assert.False(InstructionQueries.WalksTheOrderPastTheDates(db, new StaffRequestFilter { Sort = new RequestSort(RequestSortColumn.Statut) }, 20));
    }

    [Theory]
    [InlineData("DateDepot", RequestSortColumn.DateDepot)]
    [InlineData("Numero", RequestSortColumn.NumeroAsp)]
    [InlineData("Fournisseur", RequestSortColumn.Denomination)]
    [InlineData("Statut", RequestSortColumn.Statut)]
    public async Task OneType_SeeksItsOwnIndex_InTheOrder_WithoutSorting(string index, RequestSortColumn column)
    {
        if (kind != DatabaseKind.Sqlite)
        {
            return; // PostgreSQL's plan at a few rows says nothing of its plan at a million (decision 0234 gives its EXPLAIN ANALYZE).
        }

        await using var db = _host.NewContext();
        foreach (var descending in new[] { false, true })
        {
            var filter = new StaffRequestFilter { Type = RequestType.Solde, Sort = new RequestSort(column, descending) };
            var plan = await PlanAsync(db, Visible(db.FinancingRequests).Filtered(db, filter).Sorted(filter.Sort, db.DecimalsAsText()).Skip(40).Take(21).Select(r => r.Id));

            Assert.Contains($"IX_FinancingRequests_Staff_Type_{index} (DeletedAt=? AND Type=?)", plan);
            Assert.DoesNotContain("TEMP B-TREE", plan);
        }
    }

    [Fact]
    public async Task OneStatus_ByDate_SeeksItsOwnIndex_WithoutSorting()
    {
        if (kind != DatabaseKind.Sqlite)
        {
            return;
        }

        await using var db = _host.NewContext();
        var filter = new StaffRequestFilter { Statuts = ["En cours"] };
        var plan = await PlanAsync(db, Visible(db.FinancingRequests).Filtered(db, filter).Sorted(filter.Sort, db.DecimalsAsText()).Skip(40).Take(21).Select(r => r.Id));

        Assert.Contains("IX_FinancingRequests_Staff_Statut_DateDepot (DeletedAt=? AND StatusLabel=?)", plan);
        Assert.DoesNotContain("TEMP B-TREE", plan);
    }

    [Theory]
    [InlineData("Statut", RequestSortColumn.Statut, false)]
    [InlineData("Fournisseur", RequestSortColumn.Denomination, false)]
    [InlineData("Type_Statut", RequestSortColumn.Statut, true)]
    [InlineData("Type_Fournisseur", RequestSortColumn.Denomination, true)]
    public async Task ADateRange_FromTheOrdersIndex_WalksItInOrder_WithoutSorting(string index, RequestSortColumn column, bool oneType)
    {
        if (kind != DatabaseKind.Sqlite)
        {
            return;
        }

        await using var db = _host.NewContext();
        var filter = new StaffRequestFilter
        {
            Du = new DateOnly(2026, 10, 2), Au = new DateOnly(2026, 10, 9), Type = oneType ? RequestType.Avance : null, Sort = new RequestSort(column, true),
        };
        var root = StaffIndexes.IndexedBy(db, StaffIndexes.OrderIndex(column, byType: oneType)!);
        var walked = await PlanAsync(db, Visible(root).Filtered(db, filter).Sorted(filter.Sort, db.DecimalsAsText()).Take(21).Select(r => r.Id));

        Assert.Contains($"COVERING INDEX IX_FinancingRequests_Staff_{index} (DeletedAt=?{(oneType ? " AND Type=?" : "")})", walked);
        Assert.DoesNotContain("TEMP B-TREE", walked);
        if (!oneType)
        {
            // Left to itself SQLite seeks the range and sorts it (all of it at a million requests).
            var plain = await PlanAsync(db, Visible(db.FinancingRequests).Filtered(db, filter).Sorted(filter.Sort, db.DecimalsAsText()).Take(21).Select(r => r.Id));
            Assert.Contains("IX_FinancingRequests_Staff_DateDepot (DeletedAt=? AND CreatedAt>? AND CreatedAt<?)", plain);
            Assert.Contains("TEMP B-TREE", plain);
        }
    }

    /// <summary>
    /// Every page of the search, by sizes 2 and 5: with a cap of 6 (capped pages handed « more than 6 » back, read forward until
    /// the last tells the total) and uncapped (the exact total handed back: pages past the middle read from the end), both ways;
    /// each time the pages together equal the former query's whole order.
    /// </summary>
    private async Task EveryPageAsync(StaffRequestFilter search, RequestSortColumn column)
    {
        foreach (var descending in new[] { false, true })
        {
            var filter = search with { Sort = new RequestSort(column, descending) };
            var all = await FormerAsync(filter);
            foreach (var (queries, size) in new[] { (_capped, 2), (_capped, 5), (_exact, 2), (_exact, 5) })
            {
                var first = await queries.SearchAsync(filter, 1, size);
                var seen = new List<string>(first.Items.Select(r => r.NumeroAsp));
                var (total, capped, hasNext) = (first.Total, first.TotalCapped, first.HasNext);
                for (var number = 2; hasNext; number++)
                {
                    var page = await queries.SearchAsync(filter, number, size, total, capped);
                    seen.AddRange(page.Items.Select(r => r.NumeroAsp));
                    (total, capped, hasNext) = (page.Total, page.TotalCapped, page.HasNext);
                    Assert.True(number < 100, "the pages never end");
                }

                var what = $"{Describe(filter)} by {size}{(queries == _capped ? ", cap 6" : "")}";
                Assert.True(all.SequenceEqual(seen), $"{what}: [{string.Join(", ", seen)}] instead of [{string.Join(", ", all)}]");
                Assert.False(capped, what); // the last page tells the exact total
                Assert.Equal(all.Count, total);
            }
        }
    }

    private static string Describe(StaffRequestFilter f) =>
        $"type={f.Type} statut={string.Join(",", f.Statuts)} du={f.Du} au={f.Au} {f.Sort.Column} {(f.Sort.Descending ? "desc" : "asc")}";

    private static IQueryable<FinancingRequest> Visible(IQueryable<FinancingRequest> root) =>
        root.AsNoTracking().Where(r => r.DeletedAt == null && r.Status != FinancingStates.NonCompletee);

    /// <summary>The former query (the filters on the plain table, in the search's order): what must show.</summary>
    private async Task<List<string>> FormerAsync(StaffRequestFilter filter)
    {
        await using var db = _host.NewContext();
        return await Visible(db.FinancingRequests).Filtered(db, filter).Sorted(filter.Sort, db.DecimalsAsText()).Select(r => r.NumeroAsp).ToListAsync();
    }

    private static async Task<string> PlanAsync(Segur.Workflows.Persistence.SegurDbContext db, IQueryable<Guid> query)
    {
        await using DbCommand command = query.CreateDbCommand();
        await db.Database.OpenConnectionAsync();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return string.Join("\n", plan);
    }

    private static FinancingRequest NewRequest(int number)
    {
        var solde = number % 3 == 0;
        return new()
        {
            Id = Guid.NewGuid(), SupplierId = Guid.NewGuid(), NumeroDossier = $"ASP2682{number:0000}", NumeroAsp = $"ASP2682{number:0000}{(solde ? "M1" : "M0")}",
            NumeroEditeur = $"B-{number:000}", Type = solde ? RequestType.Solde : RequestType.Avance, NumeroAns = "ANS-2026-LGC-0001",
            Siret = $"8412345670{number % 4:0000}", Denomination = $"Éditeur {(char)('A' + (number % 4))}", TypeLogiciel = "LGC",
            Couloir = "MEDECIN_DE_VILLE", RegimeTva = "TTC", DateCommande = new DateOnly(2026, 9, 15), MontantSegurHTDeclare = 100m,
            EmailContact = "contact@editeur.example",
            // Numbers in the order of deposit as in production, six a day: many share a day (the tie-break is part of the order).
            CreatedAt = s_start.AddDays(number / 6),
        };
    }
}

public sealed class SqliteStaffBroadSearchPagesTests() : StaffBroadSearchPagesTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlStaffBroadSearchPagesTests() : StaffBroadSearchPagesTests(DatabaseKind.PostgreSql);

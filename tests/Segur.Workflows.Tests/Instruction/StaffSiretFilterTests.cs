using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Financing;
using Segur.Workflows.Instruction;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Instruction;

/// <summary>
/// The staff search's SIRET filter (« 14 chiffres, ou leur début »), written so that <c>IX_FinancingRequests_Staff_Siret</c>
/// seeks it (docs/decisions/0206): it keeps exactly the requests whose SIRET starts with the text, for a whole SIRET, the
/// start of one (nines at its end included), spaces typed in it, a text that is not digits, none; on every page of every
/// order both ways; and the database seeks the index instead of walking a whole staff index.
/// </summary>
public abstract class StaffSiretFilterTests(DatabaseKind kind) : IAsyncLifetime
{
    private static readonly DateTime s_start = new(2026, 10, 1, 8, 0, 0, DateTimeKind.Utc);

    // Neighbours on purpose: the same start with another end, a start ending in nines, the last SIRET of all, a letter.
    private static readonly string[] s_sirets =
    [
        "84123456700011", "84123456700029", "84123456799999", "84123457000011", "84123460000018", "99999999999999",
        "12345678900011", "841234567A0011", "00000000000000",
    ];

    private static readonly string[] s_texts =
    [
        "84123456700011", "84123456700012", "841234567", "8412345", "841234567999", "84123456799999", "8", "9", "99", "0",
        "84 123 456 700 011", "841234567A", "841234567A0011", "841234567000111", "1", "2",
    ];

    private EngineHost _host = null!;
    private InstructionQueries _search = null!;

    public async Task InitializeAsync()
    {
        _host = await EngineHost.StartAsync(kind);
        _search = _host.Services.GetRequiredService<InstructionQueries>();
        await using var db = _host.NewContext();
        var number = 0;
        foreach (var siret in s_sirets)
        {
            for (var i = 0; i < 3; i++)
            {
                var request = NewRequest(siret, ++number);
                // One in four hidden from staff (not complétée), one deleted: neither ever shows.
                if (number % 4 == 0)
                {
                    request.OnStateEntered(FinancingStates.DefinitionId, FinancingStates.NonCompletee, "Non complétée");
                }
                else
                {
                    request.OnStateEntered(FinancingStates.DefinitionId, number % 3 == 0 ? FinancingStates.Validee : FinancingStates.EnCours, number % 3 == 0 ? "Validée" : "En cours");
                }

                if (number == 6)
                {
                    request.DeleteIncomplete(s_start);
                }

                db.FinancingRequests.Add(request);
            }
        }

        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void NextStart_IsTheSmallestStartAboveEveryStartingSiret()
    {
        Assert.Equal("842", StaffRequestFiltering.NextStart("8419"));
        Assert.Equal("841234568", StaffRequestFiltering.NextStart("841234567"));
        Assert.Equal("1", StaffRequestFiltering.NextStart("0"));
        Assert.Null(StaffRequestFiltering.NextStart("999"));
    }

    [Fact]
    public async Task EveryText_KeepsTheRequestsWhoseSiretStartsWithIt_InEveryOrderBothWays()
    {
        await using var db = _host.NewContext();
        var visible = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.DeletedAt == null && r.Status != FinancingStates.NonCompletee)
            .Select(r => new { r.NumeroAsp, r.Siret })
            .ToListAsync();
        foreach (var text in s_texts)
        {
            var typed = text.Replace(" ", "");
            var expected = visible.Where(r => r.Siret.StartsWith(typed, StringComparison.Ordinal)).Select(r => r.NumeroAsp).Order().ToList();
            foreach (var column in new[] { RequestSortColumn.DateDepot, RequestSortColumn.NumeroAsp, RequestSortColumn.Denomination, RequestSortColumn.Statut })
            {
                foreach (var descending in new[] { false, true })
                {
                    var filter = new StaffRequestFilter { Siret = text, Sort = new RequestSort(column, descending) };
                    var page = await _search.SearchAsync(filter, 1, 200);

                    var what = $"« {text} » {column} {(descending ? "desc" : "asc")}";
                    Assert.True(expected.SequenceEqual(page.Items.Select(r => r.NumeroAsp).Order()), $"{what}: [{string.Join(", ", page.Items.Select(r => r.NumeroAsp))}] instead of [{string.Join(", ", expected)}]");
                    Assert.Equal(await FormerAsync(filter), page.Items.Select(r => r.NumeroAsp));
                    Assert.Equal(expected.Count, page.Total);
                }
            }
        }

        // The texts cover a whole SIRET, a start, none and every SIRET: the test can tell a filter that keeps too much or too little.
        Assert.NotEmpty(await RowsAsync("84123456700011"));
        Assert.Empty(await RowsAsync("84123456700012"));
        Assert.Equal(visible.Count(r => r.Siret.StartsWith("841234567", StringComparison.Ordinal)), (await RowsAsync("841234567")).Count);
        Assert.True(visible.Count(r => r.Siret.StartsWith("841234567", StringComparison.Ordinal)) > 4);
        Assert.NotEmpty(await RowsAsync("99"));
    }

    [Theory]
    [InlineData(RequestSortColumn.DateDepot)]
    [InlineData(RequestSortColumn.Statut)]
    public async Task EveryPage_FollowsTheSearchsOrder_IncludingThoseReadFromTheEnd(RequestSortColumn column)
    {
        foreach (var text in new[] { "84123456700011", "8412345", "9" })
        {
            foreach (var descending in new[] { false, true })
            {
                var filter = new StaffRequestFilter { Siret = text, Sort = new RequestSort(column, descending) };
                var all = await FormerAsync(filter);
                Assert.NotEmpty(all);
                foreach (var size in new[] { 1, 2, 3 })
                {
                    var first = await _search.SearchAsync(filter, 1, size);
                    var seen = new List<string>(first.Items.Select(r => r.NumeroAsp));
                    for (var number = 2; number <= first.PageCount + 1; number++)
                    {
                        var page = await _search.SearchAsync(filter, number, size, first.Total, first.TotalCapped);
                        Assert.Equal(number < first.PageCount, page.HasNext);
                        seen.AddRange(page.Items.Select(r => r.NumeroAsp));
                    }

                    Assert.True(all.SequenceEqual(seen), $"« {text} » {column} {(descending ? "desc" : "asc")} by {size}: [{string.Join(", ", seen)}] instead of [{string.Join(", ", all)}]");
                }
            }
        }
    }

    [Theory]
    [InlineData("84123456700011", "=", RequestSortColumn.DateDepot)]
    [InlineData("84123456700011", "=", RequestSortColumn.Denomination)]
    [InlineData("841234567", ">", RequestSortColumn.Statut)]
    public async Task TheDatabase_SeeksTheSiretIndex(string text, string condition, RequestSortColumn column)
    {
        await using var db = _host.NewContext();
        var filter = new StaffRequestFilter { Siret = text, Sort = new RequestSort(column, true) };
        // The search's own root: on SQLite it names the index (SQLite, without statistics, would walk the order's index).
        Assert.True(filter.SeeksSiret());
        var root = kind == DatabaseKind.Sqlite ? StaffIndexes.BySiret(db) : db.FinancingRequests;
        await using var command = root.AsNoTracking()
            .Where(r => r.DeletedAt == null && r.Status != FinancingStates.NonCompletee)
            .Filtered(db, filter)
            .Sorted(filter.Sort, db.DecimalsAsText())
            .Take(21).Select(r => r.Id)
            .CreateDbCommand();
        await db.Database.OpenConnectionAsync();
        var plan = await PlanAsync(command, db);

        var lines = string.Join("\n", plan);
        if (kind == DatabaseKind.Sqlite)
        {
            Assert.True(plan.Any(l => l.Contains($"IX_FinancingRequests_Staff_Siret (DeletedAt=? AND Siret{condition}?")), lines);
        }
        else
        {
            Assert.True(plan.Any(l => l.Contains("IX_FinancingRequests_Staff_Siret")), lines);
            Assert.True(plan.Any(l => l.Contains("Index Cond") && l.Contains($"\"Siret\" {condition}")), lines);
        }
    }

    /// <summary>The plan of the command: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN with sequential scans made dear (a few rows here).</summary>
    private async Task<List<string>> PlanAsync(DbCommand command, Segur.Workflows.Persistence.SegurDbContext db)
    {
        if (kind != DatabaseKind.Sqlite)
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE \"FinancingRequests\"; SET enable_seqscan = off");
        }

        command.CommandText = (kind == DatabaseKind.Sqlite ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + command.CommandText;
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(kind == DatabaseKind.Sqlite ? 3 : 0));
        }

        return plan;
    }

    private async Task<List<string>> RowsAsync(string text) =>
        [.. (await _search.SearchAsync(new StaffRequestFilter { Siret = text }, 1, 200)).Items.Select(r => r.NumeroAsp)];

    /// <summary>The former filter (<c>StartsWith</c> run by the database), in the search's order: what must show.</summary>
    private async Task<List<string>> FormerAsync(StaffRequestFilter filter)
    {
        await using var db = _host.NewContext();
        var siret = filter.Siret!.Replace(" ", "");
        return await db.FinancingRequests.AsNoTracking()
            .Where(r => r.DeletedAt == null && r.Status != FinancingStates.NonCompletee)
            .Where(r => r.Siret.StartsWith(siret))
            .Sorted(filter.Sort, db.DecimalsAsText())
            .Select(r => r.NumeroAsp)
            .ToListAsync();
    }

    private static FinancingRequest NewRequest(string siret, int number) => new()
    {
        Id = Guid.NewGuid(), SupplierId = Guid.NewGuid(), NumeroDossier = $"ASP2681{number:0000}", NumeroAsp = $"ASP2681{number:0000}M0",
        NumeroEditeur = $"S-{number:000}", Type = RequestType.Avance, NumeroAns = "ANS-2026-LGC-0001", Siret = siret,
        Denomination = $"Éditeur {siret[..3]}", TypeLogiciel = "LGC", Couloir = "MEDECIN_DE_VILLE", RegimeTva = "TTC",
        DateCommande = new DateOnly(2026, 9, 15), MontantSegurHTDeclare = 100m, EmailContact = "contact@editeur.example",
        // Some share a date, so the tie-break by numéro ASP is part of the order.
        CreatedAt = s_start.AddDays(number % 4),
    };
}

public sealed class SqliteStaffSiretFilterTests() : StaffSiretFilterTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlStaffSiretFilterTests() : StaffSiretFilterTests(DatabaseKind.PostgreSql);

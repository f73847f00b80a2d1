using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Financing;
using Segur.Workflows.Instruction;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Instruction;

/// <summary>
/// The staff search's « fournisseur » filter, resolved first to the dénominations that hold the text (docs/decisions/0207):
/// it keeps exactly the rows of the former filter (the text tested on each request by the database's <c>lower</c> and
/// <c>instr</c>/<c>strpos</c>), for one, several or no matching supplier, with <c>%</c> and <c>_</c> taken literally, in
/// every order both ways and on every page; and pages past the middle of an exact total are read from the end.
/// </summary>
public abstract class StaffSupplierFilterTests(DatabaseKind kind) : IAsyncLifetime
{
    private static readonly DateTime s_start = new(2026, 10, 1, 8, 0, 0, DateTimeKind.Utc);

    // Dénominations as requests hold them (no Suppliers rows: a request keeps the name it was imported with). Each has a few
    // requests; the suppliers' ids differ from the names' count on purpose (two names for one supplier id).
    private static readonly string[] s_names =
    [
        "Alpha Santé", "ALPHA SANTÉ Diffusion", "Zébulon Logiciels", "Éditeur 100% Libre", "Editeur_Un", "EditeurXUn",
        "Omega 50%", "Bêta Médical", "beta medical",
    ];

    private static readonly string[] s_texts =
    [
        "alpha", "ALPHA", "  Santé ", "santé", "SANTÉ", "é", "É", "100%", "%", "_", "r_u", "editeur", "éditeur", "medical",
        "médical", "Logiciels", "zz", "a", "s", "0%",
    ];

    private EngineHost _host = null!;
    private InstructionQueries _search = null!;
    private int _visible;

    public async Task InitializeAsync()
    {
        _host = await EngineHost.StartAsync(kind);
        _search = _host.Services.GetRequiredService<InstructionQueries>();
        await using var db = _host.NewContext();
        var number = 0;
        for (var n = 0; n < s_names.Length; n++)
        {
            var supplier = Guid.NewGuid();
            for (var i = 0; i < 2 + (n % 3); i++)
            {
                number++;
                var request = NewRequest(supplier, s_names[n], number);
                // Every fourth request hidden from staff (not complétée), one deleted: neither ever shows.
                if (number % 4 == 0)
                {
                    request.OnStateEntered(FinancingStates.DefinitionId, FinancingStates.NonCompletee, "Non complétée");
                }
                else
                {
                    request.OnStateEntered(FinancingStates.DefinitionId, number % 3 == 0 ? FinancingStates.Validee : FinancingStates.EnCours, number % 3 == 0 ? "Validée" : "En cours");
                    _visible++;
                }

                if (number == 7)
                {
                    request.DeleteIncomplete(s_start);
                    _visible--;
                }

                db.FinancingRequests.Add(request);
            }
        }

        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TheNames_AreThoseOfTheRequestsThatHoldTheText()
    {
        await using var db = _host.NewContext();

        var alpha = await DenominationSearch.NamesAsync(db, "alpha", default);
        var percent = await DenominationSearch.NamesAsync(db, "%", default);
        var underscore = await DenominationSearch.NamesAsync(db, "_", default);
        var none = await DenominationSearch.NamesAsync(db, "zz", default);
        var nothing = await DenominationSearch.NamesAsync(db, null, default);

        // SQLite's lower() folds ASCII letters only: « ALPHA SANTÉ » holds « alpha » on both databases.
        Assert.Equal(["ALPHA SANTÉ Diffusion", "Alpha Santé"], alpha!.Order(StringComparer.Ordinal));
        Assert.Equal(["Omega 50%", "Éditeur 100% Libre"], percent!.Order(StringComparer.Ordinal));
        Assert.Equal(["Editeur_Un"], underscore);
        Assert.Empty(none!);
        Assert.Null(nothing);
    }

    [Fact]
    public async Task EveryText_KeepsTheRowsOfTheFormerFilter_InEveryOrderBothWays()
    {
        foreach (var text in s_texts)
        {
            foreach (var column in new[] { RequestSortColumn.Denomination, RequestSortColumn.DateDepot, RequestSortColumn.NumeroAsp, RequestSortColumn.Statut })
            {
                foreach (var descending in new[] { false, true })
                {
                    var filter = new StaffRequestFilter { Fournisseur = text, Sort = new RequestSort(column, descending) };
                    var expected = await FormerAsync(filter);
                    var page = await _search.SearchAsync(filter, 1, 200);

                    Assert.True(expected.SequenceEqual(page.Items.Select(r => r.NumeroAsp)), $"« {text} » {column} {(descending ? "desc" : "asc")}: [{string.Join(", ", page.Items.Select(r => r.NumeroAsp))}] instead of [{string.Join(", ", expected)}]");
                    Assert.Equal(expected.Count, page.Total);
                }
            }
        }
    }

    [Fact]
    public async Task OneSeveralOrNoSupplier_ShowsTheirRequestsOnly_SortedByDenominationBothWays()
    {
        var one = await _search.SearchAsync(new StaffRequestFilter { Fournisseur = "zébulon", Sort = new RequestSort(RequestSortColumn.Denomination, false) }, 1, 20);
        var alpha = new StaffRequestFilter { Fournisseur = "Alpha", Sort = new RequestSort(RequestSortColumn.Denomination, true) };
        var several = await _search.SearchAsync(alpha, 1, 20);
        var none = await _search.SearchAsync(new StaffRequestFilter { Fournisseur = "Gamma" }, 1, 20);
        var underscore = await _search.SearchAsync(new StaffRequestFilter { Fournisseur = "r_u" }, 1, 20);

        Assert.NotEmpty(one.Items);
        Assert.All(one.Items, r => Assert.Equal("Zébulon Logiciels", r.Denomination));
        // The database's collation orders the two names (PostgreSQL's may ignore case): the former filter's order is the reference.
        Assert.Equal(["ALPHA SANTÉ Diffusion", "Alpha Santé"], several.Items.Select(r => r.Denomination).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(await FormerAsync(alpha), several.Items.Select(r => r.NumeroAsp));
        // Sorted by dénomination: each supplier's rows together (two runs of names, not interleaved).
        Assert.Equal(2, several.Items.Where((r, i) => i == 0 || several.Items[i - 1].Denomination != r.Denomination).Count());
        Assert.Empty(none.Items);
        Assert.Equal(0, none.Total);
        Assert.All(underscore.Items, r => Assert.Equal("Editeur_Un", r.Denomination)); // not « EditeurXUn »: _ is literal
        Assert.NotEmpty(underscore.Items);
    }

    [Theory]
    [InlineData(RequestSortColumn.Denomination)]
    [InlineData(RequestSortColumn.DateDepot)]
    [InlineData(RequestSortColumn.Statut)]
    public async Task EveryPage_FollowsTheSearchsOrder_IncludingThoseReadFromTheEnd(RequestSortColumn column)
    {
        foreach (var text in new[] { "e", "alpha", "" })
        {
            foreach (var descending in new[] { false, true })
            {
                var filter = new StaffRequestFilter { Fournisseur = text, Sort = new RequestSort(column, descending) };
                var all = await FormerAsync(filter);
                Assert.Equal(text.Length == 0 ? _visible : all.Count, all.Count);
                foreach (var size in new[] { 2, 3, 5 })
                {
                    var first = await _search.SearchAsync(filter, 1, size);
                    var seen = new List<string>(first.Items.Select(r => r.NumeroAsp));
                    for (var number = 2; number <= first.PageCount + 1; number++)
                    {
                        // As the page does: the total handed back (exact here), so pages past the middle are read from the end.
                        var page = await _search.SearchAsync(filter, number, size, first.Total, first.TotalCapped);
                        Assert.Equal(number < first.PageCount, page.HasNext);
                        Assert.Equal(all.Count, page.Total);
                        seen.AddRange(page.Items.Select(r => r.NumeroAsp));
                    }

                    Assert.True(all.SequenceEqual(seen), $"« {text} » {column} {(descending ? "desc" : "asc")} by {size}: [{string.Join(", ", seen)}] instead of [{string.Join(", ", all)}]");
                }
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SortedByDenomination_ThePageSeeksTheNames_WithoutSorting(bool descending)
    {
        await using var db = _host.NewContext();
        var names = await DenominationSearch.NamesAsync(db, "e", default);
        var filter = new StaffRequestFilter { Fournisseur = "e", Sort = new RequestSort(RequestSortColumn.Denomination, descending) };
        await using var command = db.FinancingRequests.AsNoTracking()
            .Where(r => r.DeletedAt == null && r.Status != FinancingStates.NonCompletee)
            .Filtered(db, filter, names)
            .Sorted(filter.Sort, db.DecimalsAsText())
            .Skip(2).Take(3).Select(r => r.Id)
            .CreateDbCommand();
        Assert.True(names!.Count > 1, string.Join(", ", names));
        // An equality on the names, which an index seeks; never the text tested on each entry.
        Assert.Matches(@"""Denomination"" (IN \(|= ANY \()", command.CommandText);
        Assert.DoesNotContain("lower(", command.CommandText);
        if (kind != DatabaseKind.Sqlite)
        {
            // PostgreSQL's plan at a few rows says nothing of its plan at a million (decision 0207 gives its EXPLAIN ANALYZE).
            return;
        }

        await db.Database.OpenConnectionAsync();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        var text = string.Join("\n", plan);
        Assert.True(plan.Any(l => l.Contains("IX_FinancingRequests_Staff_Fournisseur (DeletedAt=? AND Denomination=?)")), text);
        Assert.DoesNotContain("TEMP B-TREE", text);
    }

    /// <summary>The former filter (the text tested on each request by the database), in the search's order: what must show.</summary>
    private async Task<List<string>> FormerAsync(StaffRequestFilter filter)
    {
        await using var db = _host.NewContext();
        return await db.FinancingRequests.AsNoTracking()
            .Where(r => r.DeletedAt == null && r.Status != FinancingStates.NonCompletee)
            .Filtered(db, filter, denominations: null)
            .Sorted(filter.Sort, db.DecimalsAsText())
            .Select(r => r.NumeroAsp)
            .ToListAsync();
    }

    private static FinancingRequest NewRequest(Guid supplier, string denomination, int number) => new()
    {
        Id = Guid.NewGuid(), SupplierId = supplier, NumeroDossier = $"ASP2680{number:0000}", NumeroAsp = $"ASP2680{number:0000}M0",
        NumeroEditeur = $"F-{number:000}", Type = RequestType.Avance, NumeroAns = "ANS-2026-LGC-0001", Siret = "84123456700011",
        Denomination = denomination, TypeLogiciel = "LGC", Couloir = "MEDECIN_DE_VILLE", RegimeTva = "TTC",
        DateCommande = new DateOnly(2026, 9, 15), MontantSegurHTDeclare = 100m, EmailContact = "contact@editeur.example",
        // Some share a date, so the tie-break by numéro ASP is part of the order.
        CreatedAt = s_start.AddDays(number % 5),
    };
}

public sealed class SqliteStaffSupplierFilterTests() : StaffSupplierFilterTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlStaffSupplierFilterTests() : StaffSupplierFilterTests(DatabaseKind.PostgreSql);

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Financing;
using Segur.Workflows.Instruction;
using Segur.Workflows.Payments;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Instruction;

/// <summary>
/// The staff's search over every supplier's requests (<c>/instruction</c>), on each database: what it shows, its orders, the
/// payment-state filter, a total counted once per search, and the indexes that keep it fast at a million requests
/// (docs/decisions/0180).
/// </summary>
public abstract class StaffSearchTests(DatabaseKind kind) : IAsyncLifetime
{
    private static readonly DateTime s_start = new(2026, 10, 1, 8, 0, 0, DateTimeKind.Utc);
    private EngineHost _host = null!;
    private InstructionQueries _search = null!;

    // Two suppliers' requests: numéro éditeur, supplier, status label and code, with a payment in this state or none.
    private static readonly (string Editeur, int Supplier, string Statut, string Code, string? Paiement)[] s_rows =
    [
        ("S-01", 0, "En cours", FinancingStates.EnCours, null),
        ("S-02", 1, "Validée", FinancingStates.Validee, null),
        ("S-03", 0, "Décidée", FinancingStates.Decidee, "Paiement effectué"),
        ("S-04", 1, "Décidée", FinancingStates.Decidee, "Paiement en cours"),
        ("S-05", 0, "Rejetée", FinancingStates.Rejetee, null),
        ("S-06", 1, "Non complétée", FinancingStates.NonCompletee, null), // the supplier's only: staff never see it
    ];

    private static readonly string[] s_names = ["Zébulon Logiciels", "Alpha Santé"];

    public async Task InitializeAsync()
    {
        _host = await EngineHost.StartAsync(kind);
        _search = _host.Services.GetRequiredService<InstructionQueries>();
        var suppliers = new[] { Guid.NewGuid(), Guid.NewGuid() };
        await using var db = _host.NewContext();
        for (var i = 0; i < s_rows.Length; i++)
        {
            var row = s_rows[i];
            var request = NewRequest(row.Editeur, suppliers[row.Supplier], s_names[row.Supplier], $"ASP2690000{i + 1:00}M0", s_start.AddDays(i));
            request.OnStateEntered(FinancingStates.DefinitionId, row.Code, row.Statut);
            if (row.Paiement is { } etat)
            {
                request.ApplyAmounts(new FinancingAmounts(200m, 100m, 120m, 100m));
                var payment = Payment.ForDecision(request, request.CreatedAt.AddDays(1));
                payment.OnStateEntered("payment", "Test", etat);
                db.Payments.Add(payment);
            }

            db.FinancingRequests.Add(request);
        }

        var deleted = NewRequest("S-07", suppliers[0], s_names[0], "ASP269000007M0", s_start.AddDays(7));
        deleted.OnStateEntered(FinancingStates.DefinitionId, FinancingStates.EnCours, "En cours");
        deleted.DeleteIncomplete(s_start.AddDays(8));
        db.FinancingRequests.Add(deleted);
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TheSearch_ShowsEverySuppliersRequests_ButNeitherIncompleteNorDeletedOnes()
    {
        var page = await _search.SearchAsync(new StaffRequestFilter(), 1, 20);

        Assert.Equal(["S-05", "S-04", "S-03", "S-02", "S-01"], page.Items.Select(r => r.NumeroEditeur));
        Assert.Equal(5, page.Total);
        Assert.Equal(["Zébulon Logiciels", "Alpha Santé"], page.Items.Select(r => r.Denomination).Distinct());
    }

    [Fact]
    public async Task ThePaymentStateFilter_KeepsTheRequestsInThatState_OrWithoutPayment()
    {
        var paid = await _search.SearchAsync(new StaffRequestFilter { EtatPaiement = "Paiement effectué" }, 1, 20);
        var none = await _search.SearchAsync(new StaffRequestFilter { EtatPaiement = RequestQueries.NoPayment }, 1, 20);

        Assert.Equal(["S-03"], paid.Items.Select(r => r.NumeroEditeur));
        Assert.Equal("Paiement effectué", paid.Items[0].EtatPaiement);
        Assert.Equal(["S-05", "S-02", "S-01"], none.Items.Select(r => r.NumeroEditeur));
        Assert.All(none.Items, r => Assert.Equal(RequestQueries.NoPayment, r.EtatPaiement));
    }

    [Theory]
    [InlineData(RequestSortColumn.DateDepot)]
    [InlineData(RequestSortColumn.NumeroAsp)]
    [InlineData(RequestSortColumn.Denomination)]
    [InlineData(RequestSortColumn.Statut)]
    public async Task EachOrder_SortsTheSearch_BothWays(RequestSortColumn sort)
    {
        foreach (var descending in new[] { false, true })
        {
            var page = await _search.SearchAsync(new StaffRequestFilter { Sort = new RequestSort(sort, descending) }, 1, 20);

            Func<StaffRequestRow, string> key = sort switch
            {
                RequestSortColumn.NumeroAsp => r => r.NumeroAsp,
                RequestSortColumn.Denomination => r => r.Denomination + "|" + r.NumeroAsp,
                RequestSortColumn.Statut => r => r.Statut + "|" + r.NumeroAsp,
                _ => r => r.DateDepot.ToString("O") + "|" + r.NumeroAsp,
            };
            var expected = descending ? page.Items.OrderByDescending(key, StringComparer.Ordinal) : page.Items.OrderBy(key, StringComparer.Ordinal);
            Assert.Equal(expected.Select(r => r.NumeroEditeur), page.Items.Select(r => r.NumeroEditeur));
            Assert.Equal(5, page.Items.Count);
        }
    }

    [Fact]
    public async Task Paging_CountsOncePerSearch_AndAShortPageTellsTheTotal()
    {
        // A full page with a total handed back: that total is kept (nothing counted again).
        var second = await _search.SearchAsync(new StaffRequestFilter(), 1, 2, knownTotal: 41);
        // The first page of a search, full: counted.
        var first = await _search.SearchAsync(new StaffRequestFilter(), 1, 2);
        // The last page, short: it tells the total by itself.
        var last = await _search.SearchAsync(new StaffRequestFilter(), 3, 2);

        Assert.Equal(41, second.Total);
        Assert.Equal(5, first.Total);
        Assert.Equal(5, last.Total);
        Assert.Equal(["S-01"], last.Items.Select(r => r.NumeroEditeur));
    }

    [Fact]
    public async Task ABroadSearch_CountsUpToTheCap_ThenPagesOnUntilItsLastPageTellsTheExactTotal()
    {
        // Five visible requests, a cap of three: the first page counts four rows at most and says "more than three".
        var search = ActivatorUtilities.CreateInstance<InstructionQueries>(
            _host.Services, Microsoft.Extensions.Options.Options.Create(new InstructionOptions { CountCap = 3 }));
        var first = await search.SearchAsync(new StaffRequestFilter(), 1, 2);
        var second = await search.SearchAsync(new StaffRequestFilter(), 2, 2, first.Total, first.TotalCapped);
        var last = await search.SearchAsync(new StaffRequestFilter(), 3, 2, second.Total, second.TotalCapped);
        var atTheCap = await ActivatorUtilities.CreateInstance<InstructionQueries>(
            _host.Services, Microsoft.Extensions.Options.Options.Create(new InstructionOptions { CountCap = 5 })).SearchAsync(new StaffRequestFilter(), 1, 2);

        Assert.True(first.TotalCapped);
        Assert.Equal((3, true, 2), (first.Total, first.HasNext, first.PageCount));
        Assert.Equal(["S-05", "S-04"], first.Items.Select(r => r.NumeroEditeur));
        Assert.True(second.TotalCapped);
        Assert.Equal(["S-03", "S-02"], second.Items.Select(r => r.NumeroEditeur));
        Assert.Equal(3, second.PageCount); // one page past this one: the last is not known
        Assert.False(last.TotalCapped);
        Assert.Equal((5, false, 3), (last.Total, last.HasNext, last.PageCount));
        Assert.Equal(["S-01"], last.Items.Select(r => r.NumeroEditeur));
        Assert.False(atTheCap.TotalCapped); // exactly the cap: an exact total
        Assert.Equal(5, atTheCap.Total);
    }

    [Fact]
    public async Task TheNumeroFilter_FindsAFragmentOfEitherNumber_OverEverySupplier_ButNeverAHiddenOrDeletedRequest()
    {
        // Through the trigram index (decision 0252): S-06 is not complétée and S-07 deleted, both match "26900000".
        var middle = await _search.SearchAsync(new StaffRequestFilter { Numero = "26900000" }, 1, 20);
        var one = await _search.SearchAsync(new StaffRequestFilter { Numero = "P2690000" + "04" }, 1, 20);
        var editeur = await _search.SearchAsync(new StaffRequestFilter { Numero = "S-0" }, 1, 2);
        var none = await _search.SearchAsync(new StaffRequestFilter { Numero = "S_0" }, 1, 20);

        Assert.Equal(["S-05", "S-04", "S-03", "S-02", "S-01"], middle.Items.Select(r => r.NumeroEditeur));
        Assert.Equal((5, false), (middle.Total, middle.TotalCapped));
        Assert.Equal(["S-04"], one.Items.Select(r => r.NumeroEditeur));
        Assert.Equal((5, true), (editeur.Total, editeur.HasNext));
        Assert.Empty(none.Items);
    }

    [Fact]
    public async Task TheStaffSearchIndexes_ExistInTheDatabase()
    {
        await using var db = _host.NewContext();
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = kind == DatabaseKind.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'IX_FinancingRequests_Staff_%'"
            : "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'IX_FinancingRequests_Staff_%'";
        var names = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        Assert.Equal(
            ["IX_FinancingRequests_Staff_Count", "IX_FinancingRequests_Staff_DateDepot", "IX_FinancingRequests_Staff_Fournisseur", "IX_FinancingRequests_Staff_Numero", "IX_FinancingRequests_Staff_Paiement", "IX_FinancingRequests_Staff_Siret", "IX_FinancingRequests_Staff_Statut",
                "IX_FinancingRequests_Staff_Statut_DateDepot", "IX_FinancingRequests_Staff_Type_DateDepot", "IX_FinancingRequests_Staff_Type_Fournisseur",
                "IX_FinancingRequests_Staff_Type_Numero", "IX_FinancingRequests_Staff_Type_Statut"],
            names.Order(StringComparer.Ordinal));
    }

    private static FinancingRequest NewRequest(string editeur, Guid supplier, string denomination, string numeroAsp, DateTime createdAt) => new()
    {
        Id = Guid.NewGuid(), SupplierId = supplier, NumeroDossier = numeroAsp[..^2], NumeroAsp = numeroAsp, NumeroEditeur = editeur,
        Type = RequestType.Avance, NumeroAns = "ANS-2026-LGC-0001", Siret = "84123456700011", Denomination = denomination, TypeLogiciel = "LGC",
        Couloir = "MEDECIN_DE_VILLE", RegimeTva = "TTC", DateCommande = new DateOnly(2026, 9, 15), MontantSegurHTDeclare = 100m,
        EmailContact = "contact@editeur.example", CreatedAt = createdAt,
    };
}

public sealed class SqliteStaffSearchTests() : StaffSearchTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlStaffSearchTests() : StaffSearchTests(DatabaseKind.PostgreSql);

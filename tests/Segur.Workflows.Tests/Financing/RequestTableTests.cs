using Microsoft.Extensions.Options;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Financing;
using Segur.Workflows.Payments;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Financing;

/// <summary>
/// The requests table's query (shared by the page, <c>GET /api/v1/requests</c> and the CSV export) and the incomplete-requests
/// table's, on each database: every filter, every order both ways, paging and its total.
/// </summary>
public abstract class RequestTableTests(DatabaseKind kind) : IAsyncLifetime
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
        await SeedAsync();
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    // Six requests of the supplier, whose amounts sort differently as text ("1000.00" < "20.00") and as numbers.
    private static readonly (string Editeur, string Type, string Logiciel, string Ans, string Statut, decimal Declare, int Day)[] s_rows =
    [
        ("E-01", RequestType.Avance, "LGC", "ANS-2026-LGC-0001", "En cours", 20.00m, 1),
        ("E-02", RequestType.Avance, "DPI", "ANS-2026-DPI-0002", "Validée", 1000.00m, 3),
        ("E-03", RequestType.Solde, "DUI", "ANS-2026-DUI-0003", "Annulée", 9.50m, 5),
        ("E-04", RequestType.Avance, "LGC", "ANS-2026-LGC-0001", "Décidée", 300.25m, 7),
        ("E-05", RequestType.Solde, "RIS", "ANS-2026-RIS-0004", "À modifier", 45000.00m, 9),
        ("E-06", RequestType.Avance, "DPI", "ANS-2026-DPI-0002", "En cours", 100.00m, 11),
    ];

    [Fact]
    public async Task AKnownTotalGoneStale_HidesNoRowOfTheFirstPage()
    {
        // The page counted 3 before three more requests were deposited, then asks for another order of the same filter.
        var page = await _queries.ListAsync(_supplier, new RequestFilter(), new RequestSort(RequestSortColumn.NumeroAsp, true), 1, 10, knownTotal: 3);

        Assert.Equal((6, 6), (page.Items.Count, page.Total));
    }

    [Theory]
    [InlineData(RequestSortColumn.DateDepot)]
    [InlineData(RequestSortColumn.NumeroAsp)]
    [InlineData(RequestSortColumn.NumeroEditeur)]
    [InlineData(RequestSortColumn.Type)]
    [InlineData(RequestSortColumn.Logiciel)]
    [InlineData(RequestSortColumn.NumeroAns)]
    [InlineData(RequestSortColumn.Statut)]
    [InlineData(RequestSortColumn.MontantDeclare)]
    [InlineData(RequestSortColumn.MontantRetenu)]
    [InlineData(RequestSortColumn.MontantDecide)]
    public async Task EachColumn_SortsTheTable_BothWays_WithNumbersAsNumbers(RequestSortColumn column)
    {
        foreach (var descending in new[] { false, true })
        {
            var page = await _queries.ListAsync(_supplier, new RequestFilter(), new RequestSort(column, descending), 1, 50);

            Func<RequestSummary, IComparable?> key = column switch
            {
                RequestSortColumn.DateDepot => r => r.DateDepot,
                RequestSortColumn.NumeroAsp => r => r.NumeroAsp,
                RequestSortColumn.NumeroEditeur => r => r.NumeroEditeur,
                RequestSortColumn.Type => r => r.Type,
                RequestSortColumn.Logiciel => r => r.TypeLogiciel,
                RequestSortColumn.NumeroAns => r => r.NumeroAns,
                RequestSortColumn.Statut => r => r.Statut,
                RequestSortColumn.MontantDeclare => r => r.MontantSegurHTDeclare,
                RequestSortColumn.MontantRetenu => r => r.MontantRetenuHT,
                _ => r => r.MontantDecide,
            };
            // Rows without an amount are left aside (databases put NULL first or last); the others follow the numbers.
            var shown = page.Items.Where(r => key(r) is not null).ToList();
            // The databases compare text byte by byte (SQLite's BINARY, PostgreSQL's C collation of the test servers).
            var ordinal = Comparer<IComparable?>.Create((a, b) =>
                a is string x && b is string y ? string.CompareOrdinal(x, y) : Comparer<IComparable?>.Default.Compare(a, b));
            var expected = descending
                ? shown.OrderByDescending(key, ordinal).ThenByDescending(r => r.NumeroAsp, StringComparer.Ordinal)
                : shown.OrderBy(key, ordinal).ThenBy(r => r.NumeroAsp, StringComparer.Ordinal);
            Assert.Equal(6, page.Total);
            Assert.Equal(expected.Select(r => r.NumeroEditeur), shown.Select(r => r.NumeroEditeur));
        }
    }

    [Fact]
    public async Task TheAmountSort_IsNumeric_NotAlphabetic()
    {
        var page = await _queries.ListAsync(_supplier, new RequestFilter(), new RequestSort(RequestSortColumn.MontantDeclare, false), 1, 50);

        Assert.Equal([9.50m, 20.00m, 100.00m, 300.25m, 1000.00m, 45000.00m], page.Items.Select(r => r.MontantSegurHTDeclare));
    }

    [Fact]
    public async Task TheSoftwareTypeFilter_KeepsEveryChosenType_AndShowsTheDenomination()
    {
        var page = await ListAsync(new RequestFilter { TypesLogiciel = ["DPI", "RIS"] });

        Assert.Equal(["E-02", "E-05", "E-06"], page.Items.Select(r => r.NumeroEditeur).Order());
        Assert.All(page.Items, r => Assert.Equal("Cabinet Exemple Santé", r.Denomination));
        Assert.Equal(["DPI", "DPI", "RIS"], page.Items.Select(r => r.TypeLogiciel).Order());
    }

    [Fact]
    public async Task TheHistoriseeFilter_KeepsTheRequestsWithAHistorisedVersion_OrTheOthers()
    {
        var historised = await ListAsync(new RequestFilter { Historisee = true });
        var others = await ListAsync(new RequestFilter { Historisee = false });

        Assert.Equal(["E-03"], historised.Items.Select(r => r.NumeroEditeur));
        Assert.Equal(["E-01", "E-02", "E-04", "E-05", "E-06"], others.Items.Select(r => r.NumeroEditeur).Order());
    }

    [Fact]
    public async Task BothDateBounds_KeepTheRequestsDepositedBetweenThem()
    {
        var page = await ListAsync(new RequestFilter { Du = DateOnly.FromDateTime(s_start.AddDays(3)), Au = DateOnly.FromDateTime(s_start.AddDays(7)) });

        Assert.Equal(["E-02", "E-03", "E-04"], page.Items.Select(r => r.NumeroEditeur).Order());
    }

    [Fact]
    public async Task OneDateBoundAlone_IsRefused_WithAFrenchMessage()
    {
        var onlyFrom = await Assert.ThrowsAsync<InvalidRequestFilterException>(() => ListAsync(new RequestFilter { Du = new DateOnly(2026, 10, 1) }));
        var onlyTo = await Assert.ThrowsAsync<InvalidRequestFilterException>(() => ListAsync(new RequestFilter { Au = new DateOnly(2026, 10, 1) }));

        Assert.Contains("indiquez aussi la date de fin", onlyFrom.Message);
        Assert.Contains("indiquez aussi la date de début", onlyTo.Message);
    }

    [Fact]
    public async Task ThePaymentStateFilter_KeepsTheRequestsInThatState_OrWithoutPayment()
    {
        var paid = await ListAsync(new RequestFilter { EtatPaiement = "Paiement effectué" });
        var none = await ListAsync(new RequestFilter { EtatPaiement = RequestQueries.NoPayment });

        Assert.Equal(["E-04"], paid.Items.Select(r => r.NumeroEditeur));
        Assert.Equal("Paiement effectué", paid.Items[0].EtatPaiement);
        Assert.Equal(5, none.Total);
        Assert.DoesNotContain("E-04", none.Items.Select(r => r.NumeroEditeur));
    }

    [Fact]
    public async Task ANewVersement_ShowsAndFiltersAsNoPaymentYet()
    {
        // A versement just created is in the first state of its lifecycle, labelled « Aucun paiement en cours », as a request
        // without one: the filter of that label keeps both, as the table shows them.
        await using (var db = _segur.CreateContext())
        {
            var request = db.FinancingRequests.Single(r => r.NumeroEditeur == "E-02");
            var payment = Payment.ForDecision(request, s_start.AddDays(4));
            payment.OnStateEntered("payment", "AucunPaiement", RequestQueries.NoPayment);
            db.Payments.Add(payment);
            await db.SaveChangesAsync();
        }

        var none = await ListAsync(new RequestFilter { EtatPaiement = RequestQueries.NoPayment });
        var started = await ListAsync(new RequestFilter { EtatPaiement = "Paiement en cours" });

        Assert.Equal(5, none.Total);
        Assert.Contains("E-02", none.Items.Select(r => r.NumeroEditeur));
        Assert.Equal(RequestQueries.NoPayment, none.Items.Single(r => r.NumeroEditeur == "E-02").EtatPaiement);
        Assert.Empty(started.Items);
    }

    [Fact]
    public async Task TheOtherFilters_StatusTypeAnsAndNumber_Combine()
    {
        Assert.Equal(["E-01", "E-06"], (await ListAsync(new RequestFilter { Statuts = ["En cours"] })).Items.Select(r => r.NumeroEditeur).Order());
        Assert.Equal(["E-03", "E-05"], (await ListAsync(new RequestFilter { Type = RequestType.Solde })).Items.Select(r => r.NumeroEditeur).Order());
        Assert.Equal(["E-01", "E-04"], (await ListAsync(new RequestFilter { NumerosAns = ["ANS-2026-LGC-0001"] })).Items.Select(r => r.NumeroEditeur).Order());
        Assert.Equal(["E-04"], (await ListAsync(new RequestFilter { Numero = "E-04", Statuts = ["Décidée"] })).Items.Select(r => r.NumeroEditeur));
    }

    [Fact]
    public async Task AnotherSuppliersRequests_NeverShow()
    {
        var page = await ListAsync(new RequestFilter { Numero = "AUTRE" });

        Assert.Empty(page.Items);
        Assert.Equal(0, page.Total);
    }

    [Fact]
    public async Task Paging_TellsTheTotal_AndReusesAKnownOne()
    {
        var first = await _queries.ListAsync(_supplier, new RequestFilter(), null, 1, 4);
        var last = await _queries.ListAsync(_supplier, new RequestFilter(), null, 2, 4);
        var known = await _queries.ListAsync(_supplier, new RequestFilter(), null, 1, 4, knownTotal: 6);

        Assert.Equal((4, 6), (first.Items.Count, first.Total));
        Assert.Equal((2, 6), (last.Items.Count, last.Total));
        Assert.Equal(first.Items.Select(r => r.NumeroAsp), known.Items.Select(r => r.NumeroAsp));
        Assert.Empty(first.Items.Select(r => r.NumeroAsp).Intersect(last.Items.Select(r => r.NumeroAsp)));
    }

    [Theory]
    [InlineData(RequestSortColumn.DateDepot)]
    [InlineData(RequestSortColumn.NumeroAsp)]
    [InlineData(RequestSortColumn.Statut)]
    [InlineData(RequestSortColumn.MontantDeclare)]
    [InlineData(RequestSortColumn.MontantRetenu)]
    [InlineData(RequestSortColumn.MontantDecide)]
    public async Task EveryPage_FollowsTheTablesOrder_IncludingThoseReadFromTheEnd(RequestSortColumn column)
    {
        foreach (var descending in new[] { false, true })
        {
            var sort = new RequestSort(column, descending);
            var whole = (await _queries.ListAsync(_supplier, new RequestFilter(), sort, 1, 50)).Items.Select(r => r.NumeroAsp).ToList();
            foreach (var size in new[] { 2, 4, 5 })
            {
                var pages = new List<string>();
                for (var number = 1; number <= 4; number++)
                {
                    // Pages past the middle are read from the other end of the index (decision 0250), with a known total or not.
                    var page = await _queries.ListAsync(_supplier, new RequestFilter(), sort, number, size, knownTotal: number % 2 == 0 ? 6 : null);
                    Assert.Equal(6, page.Total);
                    pages.AddRange(page.Items.Select(r => r.NumeroAsp));
                }

                Assert.Equal(whole, pages);
            }
        }
    }

    [Fact]
    public async Task TheIncompleteTable_SortsNumbersAsNumbers_AndSearchesAndFilters()
    {
        await using (var db = _segur.CreateContext())
        {
            foreach (var (editeur, i) in new[] { "DEM-9", "DEM-100", "DEM-10", "DEM-2" }.Select((e, i) => (e, i)))
            {
                var request = Request(_supplier, editeur, i % 2 == 0 ? RequestType.Avance : RequestType.Solde, i < 2 ? "LGC" : "DPI", "ANS-X", "Non complétée", 10m, 20 + i);
                request.OnStateEntered(FinancingStates.DefinitionId, FinancingStates.NonCompletee, "Non complétée");
                db.FinancingRequests.Add(request);
                db.WorkflowInstances.Add(new WorkflowInstance
                {
                    Id = Guid.NewGuid(), DefinitionId = FinancingStates.DefinitionId, DefinitionVersion = 1, SubjectType = FinancingStates.SubjectType,
                    SubjectId = request.Id.ToString(), State = FinancingStates.NonCompletee, CreatedAt = s_start, UpdatedAt = s_start,
                });
            }

            await db.SaveChangesAsync();
        }

        var incompletes = new IncompleteRequests(_segur, Options.Create(new DocumentOptions()));
        var ascending = await incompletes.ListAsync(_supplier, new IncompleteFilter { Sort = IncompleteSortColumn.NumeroEditeur }, 1, 20);
        var descending = await incompletes.ListAsync(_supplier, new IncompleteFilter { Sort = IncompleteSortColumn.NumeroEditeur, Descending = true }, 1, 20);
        var searched = await incompletes.ListAsync(_supplier, new IncompleteFilter { Numero = "DEM-1" }, 1, 20);
        var filtered = await incompletes.ListAsync(_supplier, new IncompleteFilter { Type = RequestType.Avance, TypesLogiciel = ["DPI"] }, 1, 20);

        Assert.Equal(["DEM-2", "DEM-9", "DEM-10", "DEM-100"], ascending.Items.Select(r => r.NumeroEditeur));
        Assert.Equal(["DEM-100", "DEM-10", "DEM-9", "DEM-2"], descending.Items.Select(r => r.NumeroEditeur));
        Assert.Equal(["DEM-10", "DEM-100"], searched.Items.Select(r => r.NumeroEditeur).Order());
        Assert.Equal(["DEM-10"], filtered.Items.Select(r => r.NumeroEditeur));
        Assert.All(ascending.Items, r => Assert.NotEqual(Guid.Empty, r.InstanceId));
    }

    private Task<Page<RequestSummary>> ListAsync(RequestFilter filter) => _queries.ListAsync(_supplier, filter, null, 1, 50);

    private async Task SeedAsync()
    {
        await using var db = _segur.CreateContext();
        foreach (var row in s_rows)
        {
            var request = Request(_supplier, row.Editeur, row.Type, row.Logiciel, row.Ans, row.Statut, row.Declare, row.Day);
            if (row.Statut is "Validée" or "Décidée" or "Annulée")
            {
                request.ApplyAmounts(new FinancingAmounts(row.Declare * 2, row.Declare * 0.9m, row.Declare * 1.08m, row.Declare * 0.8m));
            }

            db.FinancingRequests.Add(request);
            if (row.Statut == "Décidée")
            {
                var payment = Payment.ForDecision(request, s_start.AddDays(row.Day + 1));
                payment.OnStateEntered("payment", "Paye", "Paiement effectué");
                db.Payments.Add(payment);
            }

            if (row.Statut == "Annulée")
            {
                db.FinancingRequestVersions.Add(new FinancingRequestVersion
                {
                    RequestId = request.Id, Number = 1, Status = ArchiveCurrentVersion.ArchivedStatus, Snapshot = "{}", CreatedAt = request.CreatedAt,
                });
                request.ArchiveVersion(); // as the cancellation does: the request notes it (docs/decisions/0181)
            }
        }

        db.FinancingRequests.Add(Request(_other, "AUTRE-1", RequestType.Avance, "LGC", "ANS-2026-LGC-0001", "En cours", 50m, 2));
        await db.SaveChangesAsync();
    }

    private static FinancingRequest Request(Guid supplier, string editeur, string type, string logiciel, string ans, string statut, decimal declare, int day)
    {
        var number = Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();
        var request = new FinancingRequest
        {
            Id = Guid.NewGuid(), SupplierId = supplier, NumeroDossier = "ASP26" + number, NumeroAsp = $"ASP26{number}{(type == RequestType.Avance ? "M0" : "M1")}",
            NumeroEditeur = editeur, Type = type, NumeroAns = ans, Siret = "84123456700011", Denomination = "Cabinet Exemple Santé", TypeLogiciel = logiciel,
            Couloir = "MEDECIN_DE_VILLE", RegimeTva = "TTC", DateCommande = new DateOnly(2026, 9, 15), MontantSegurHTDeclare = declare,
            EmailContact = "contact@editeur.example", CreatedAt = s_start.AddDays(day),
        };
        request.OnStateEntered(FinancingStates.DefinitionId, statut.Replace(" ", ""), statut);
        return request;
    }
}

public sealed class SqliteRequestTableTests() : RequestTableTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlRequestTableTests() : RequestTableTests(DatabaseKind.PostgreSql);

using System.Diagnostics;
using System.Globalization;
using Segur.Workflows.Financing;
using Segur.Workflows.Payments;
using Segur.Workflows.Persistence;

namespace Segur.Bench;

/// <summary>
/// Item 2 of issue 11: the supplier's requests table with 100,000 requests of one supplier (and 500 imports) among
/// 1,000,000 over 50 suppliers. A mixed set of filters, orders and pages goes through <see cref="RequestQueries.ListAsync"/>,
/// the code the page and <c>GET /api/v1/requests</c> call (as the API does: no total known beforehand), and the p95 of the
/// server time is reported (goal ≤ 50 ms; docs/decisions/0130). <c>--quick</c>: 5,000 requests of the supplier among 20,000.
/// </summary>
internal sealed class TablesBench : IScenario
{
    private const int Suppliers = 50;
    private static readonly string[] s_statuses =
        ["En cours", "En cours", "En cours", "En cours", "Validée", "Validée", "Décidée", "Décidée", "À modifier", "En attente de pièce jointe complémentaire", "Rejetée", "Annulée"];

    private static readonly string[] s_types = ["LGC", "DPI", "DUI", "RIS"];
    private static readonly string[] s_payments = ["Paiement en cours", "Paiement effectué"];

    public async Task<IReadOnlyList<ScenarioRow>> RunAsync(IBenchTarget target, BenchOptions options)
    {
        var (ofSupplier, total, queries) = options.Quick ? (5_000, 20_000, 100) : (100_000, 1_000_000, 600);
        var connectionString = await target.CreateAsync();
        try
        {
            var database = new SegurDatabase(target.Provider, connectionString);
            await database.MigrateAsync();
            var supplierId = Guid.CreateVersion7();
            var seeding = Stopwatch.StartNew();
            await SeedAsync(database, supplierId, ofSupplier, total);
            Console.WriteLine($"  {target.Name}: {total:N0} requests ({ofSupplier:N0} of one supplier) seeded in {seeding.Elapsed.TotalSeconds:N0} s");

            var requests = new RequestQueries(database, rules: null!); // a supplier's list never reads the rules
            var mix = Mix(ofSupplier, queries);
            foreach (var (filter, sort, page) in mix.Take(30))
            {
                await requests.ListAsync(supplierId, filter, sort, page, 20); // warm-up: EF's compiled queries, the caches
            }

            var before = CpuSample.Take();
            var watch = Stopwatch.StartNew();
            var times = new List<double>(mix.Count);
            var slowest = (Ms: 0.0, What: "");
            foreach (var (filter, sort, page) in mix)
            {
                var one = Stopwatch.StartNew();
                await requests.ListAsync(supplierId, filter, sort, page, 20);
                var ms = one.Elapsed.TotalMilliseconds;
                times.Add(ms);
                if (ms > slowest.Ms)
                {
                    slowest = (ms, $"{Describe(filter)} {sort.Column}{(sort.Descending ? " desc" : "")} page {page}");
                }
            }

            var other = Scenarios.OtherPercent(CpuSample.Take() - before, watch.Elapsed);
            var (median, p95) = Scenarios.Stats(times);
            return
            [
                new ScenarioRow(target.Name, "tables", $"p95 {Scenarios.Ms(p95)}, median {Scenarios.Ms(median)}", "—", "—", "p95 ≤ 50 ms", other,
                    $"{mix.Count} pages of 20, {ofSupplier:N0}/{total:N0} requests; slowest {Scenarios.Ms(slowest.Ms)}: {slowest.What}"),
            ];
        }
        finally
        {
            await target.DropAsync(connectionString);
        }
    }

    /// <summary>Every order both ways, each filter alone and in pairs, first, second, deep and last pages; shuffled, fixed seed.</summary>
    private static List<(RequestFilter Filter, RequestSort Sort, int Page)> Mix(int rows, int count)
    {
        var random = new Random(11);
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        RequestFilter[] filters =
        [
            new(),
            new() { Statuts = ["En cours"] },
            new() { Statuts = ["Rejetée", "Annulée"] },
            new() { Type = RequestType.Solde },
            new() { TypesLogiciel = ["DPI", "RIS"] },
            new() { NumerosAns = ["ANS-2026-LGC-0003"] },
            new() { Historisee = true },
            new() { Historisee = false },
            new() { EtatPaiement = "Paiement effectué" },
            new() { EtatPaiement = RequestQueries.NoPayment },
            new() { Du = day.AddDays(-20), Au = day.AddDays(-10) },
            new() { Numero = "BDC-2026-0012" },
            new() { Statuts = ["Validée"], TypesLogiciel = ["LGC"] },
            new() { Type = RequestType.Avance, Du = day.AddDays(-5), Au = day },
        ];
        var columns = Enum.GetValues<RequestSortColumn>().Where(c => c != RequestSortColumn.Denomination).ToArray();
        var lastPage = Math.Max(1, rows / 20);
        int[] pages = [1, 1, 1, 2, 3, 10, lastPage / 2, lastPage];
        var mix = new List<(RequestFilter, RequestSort, int)>(count);
        for (var i = 0; i < count; i++)
        {
            var filter = filters[i % filters.Length];
            var sort = new RequestSort(columns[random.Next(columns.Length)], random.Next(2) == 0);
            // Deep pages only where the filter keeps many rows (a page past the end is the empty page, cheap anyway).
            var page = filter == filters[0] || filter == filters[7] || filter == filters[9] ? pages[random.Next(pages.Length)] : pages[random.Next(5)];
            mix.Add((filter, sort, page));
        }

        return [.. mix.OrderBy(_ => random.Next())];
    }

    private static string Describe(RequestFilter f)
    {
        var parts = new List<string?>
        {
            f.Numero is null ? null : $"numero={f.Numero}", f.Type is null ? null : $"type={f.Type}",
            f.Statuts.Count == 0 ? null : $"statut={string.Join(",", f.Statuts)}", f.EtatPaiement is null ? null : $"paiement={f.EtatPaiement}",
            f.NumerosAns.Count == 0 ? null : $"ans={string.Join(",", f.NumerosAns)}",
            f.TypesLogiciel.Count == 0 ? null : $"logiciel={string.Join(",", f.TypesLogiciel)}",
            f.Historisee is null ? null : $"historisee={f.Historisee}", f.Du is null ? null : $"du={f.Du:yyyy-MM-dd}&au={f.Au:yyyy-MM-dd}",
        };
        var text = string.Join(" ", parts.Where(p => p is not null));
        return text.Length == 0 ? "no filter" : text;
    }

    /// <summary>
    /// The supplier's requests and the others', with ~5 KB of import line each (as real ones), statuses, types, software,
    /// amounts, payments for the decided ones and a historised version for the cancelled ones.
    /// </summary>
    private static async Task SeedAsync(SegurDatabase database, Guid supplierId, int ofSupplier, int total)
    {
        const int batch = 5_000;
        var others = Enumerable.Range(0, Suppliers - 1).Select(_ => Guid.CreateVersion7()).ToArray();
        var imports = Enumerable.Range(0, 500).Select(_ => Guid.CreateVersion7()).ToArray();
        var line = "{\"beneficiaires\":[" + string.Join(",", Enumerable.Range(0, 40).Select(b => $"{{\"rpps\":\"1000{b:0000000}\",\"nom\":\"Bénéficiaire numéro {b}\",\"prenom\":\"Camille\",\"structure\":\"Cabinet médical du centre\"}}")) + "]}";
        var random = new Random(7);
        var start = DateTime.UtcNow.AddDays(-60);
        for (var first = 0; first < total; first += batch)
        {
            await using var db = database.CreateContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = first; i < Math.Min(total, first + batch); i++)
            {
                // The supplier's requests are spread among the others' (interleaved ids and dates, as in production).
                var own = i % (total / ofSupplier) == 0 && i / (total / ofSupplier) < ofSupplier;
                var supplier = own ? supplierId : others[i % others.Length];
                var status = s_statuses[random.Next(s_statuses.Length)];
                var type = random.Next(10) < 7 ? RequestType.Avance : RequestType.Solde;
                var software = random.Next(s_types.Length);
                var request = new FinancingRequest
                {
                    Id = Guid.CreateVersion7(), SupplierId = supplier, ImportId = own ? imports[i % imports.Length] : null,
                    NumeroDossier = $"ASP26{i:0000000}", NumeroAsp = $"ASP26{i:0000000}{(type == RequestType.Avance ? "M0" : "M1")}",
                    NumeroEditeur = $"BDC-2026-{i:0000000}", Type = type, NumeroAns = $"ANS-2026-{s_types[software]}-{software * 2 + random.Next(2):0000}",
                    Siret = "84123456700011", Denomination = own ? "Cabinet Logiciels Santé Exemple" : $"Éditeur {supplier.ToString()[..8]}",
                    TypeLogiciel = s_types[software], Couloir = "MEDECIN_DE_VILLE", RegimeTva = "TTC", DateCommande = new DateOnly(2026, 9, 15),
                    MontantSegurHTDeclare = Math.Round(100m + (decimal)(random.NextDouble() * 20_000), 2), EmailContact = "contact@editeur.example",
                    LineJson = line, CreatedAt = start.AddSeconds(i * (60.0 * 86_400 / total)),
                };
                request.OnStateEntered(FinancingStates.DefinitionId, status.Replace(" ", ""), status);
                if (status is "Validée" or "Décidée" or "Rejetée" or "Annulée")
                {
                    var retenu = Math.Round(request.MontantSegurHTDeclare * 0.9m, 2);
                    request.ApplyAmounts(new FinancingAmounts(retenu * 2, retenu, retenu * 1.2m, status == "Décidée" ? retenu : Math.Round(retenu * 0.8m, 2)));
                }

                db.FinancingRequests.Add(request);
                if (status == "Décidée")
                {
                    var payment = Payment.ForDecision(request, request.CreatedAt.AddDays(3));
                    payment.OnStateEntered("payment", "Bench", s_payments[random.Next(2)]);
                    db.Payments.Add(payment);
                }

                if (status == "Annulée")
                {
                    db.FinancingRequestVersions.Add(new FinancingRequestVersion
                    {
                        RequestId = request.Id, Number = 1, Status = ArchiveCurrentVersion.ArchivedStatus, Snapshot = "{}", CreatedAt = request.CreatedAt,
                    });
                }
            }

            await db.SaveChangesAsync();
        }
    }
}

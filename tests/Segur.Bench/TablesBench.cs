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
/// server time is reported (goal ≤ 50 ms; docs/decisions/0130), with the five slowest. <c>--quick</c>: 5,000 requests of the
/// supplier among 20,000. The data: <see cref="TableWorld"/>.
/// </summary>
internal sealed class TablesBench : IScenario
{
    public async Task<IReadOnlyList<ScenarioRow>> RunAsync(IBenchTarget target, BenchOptions options)
    {
        var world = await TableWorld.SharedAsync(target, options);
        try
        {
            var queries = options.Quick ? 100 : 600;
            var requests = world.Requests;
            var mix = Mix(world.OfSupplier, queries);
            foreach (var (filter, sort, page) in mix.Take(30))
            {
                await requests.ListAsync(world.SupplierId, filter, sort, page, 20); // warm-up: EF's compiled queries, the caches
            }

            var before = CpuSample.Take();
            var watch = Stopwatch.StartNew();
            var times = new List<(double Ms, string What)>(mix.Count);
            var byFilter = new List<(string Filter, double Ms)>(mix.Count);
            foreach (var (filter, sort, page) in mix)
            {
                var one = Stopwatch.StartNew();
                await requests.ListAsync(world.SupplierId, filter, sort, page, 20);
                times.Add((one.Elapsed.TotalMilliseconds, $"{Describe(filter)} {sort.Column}{(sort.Descending ? " desc" : "")} page {page}"));
                byFilter.Add((Describe(filter), one.Elapsed.TotalMilliseconds));
            }

            var used = CpuSample.Take() - before;
            var other = Scenarios.OtherPercent(used, watch.Elapsed);
            // CPU per page (the bench's own process: EF and SQLite; PostgreSQL's server CPU apart) survives a busy machine.
            var cpu = $"CPU {(used.Process + used.Postgres).TotalMilliseconds / mix.Count:N1} ms/page";
            var (median, p95) = Scenarios.Stats([.. times.Select(t => t.Ms)]);
            Slowest(times);
            ByFilter(byFilter);
            return
            [
                new ScenarioRow(target.Name, "tables", $"p95 {Scenarios.Ms(p95)}, median {Scenarios.Ms(median)}", "—", "—", "p95 ≤ 50 ms", other,
                    $"{mix.Count} pages of 20, {cpu}, {world.Size} (seeded in {world.Seeding.TotalSeconds:N0} s); slowest {Scenarios.Ms(times.Max(t => t.Ms))}: {times.MaxBy(t => t.Ms).What}"),
            ];
        }
        finally
        {
            await TableWorld.ReleaseAsync(options, "tables");
        }
    }

    /// <summary>The five slowest queries of the mix, to look at their plans (EXPLAIN QUERY PLAN).</summary>
    internal static void Slowest(IEnumerable<(double Ms, string What)> times)
    {
        foreach (var (ms, what) in times.OrderByDescending(t => t.Ms).Take(5))
        {
            Console.WriteLine($"      {Scenarios.Ms(ms),9}  {what}");
        }
    }

    /// <summary>Median, p95 and maximum of each filter of the mix (every order and page): which filters carry the p95.</summary>
    internal static void ByFilter(IEnumerable<(string Filter, double Ms)> times)
    {
        foreach (var group in times.GroupBy(t => t.Filter).OrderByDescending(g => g.Max(t => t.Ms)))
        {
            var (median, p95) = Scenarios.Stats([.. group.Select(t => t.Ms)]);
            Console.WriteLine($"      {group.Key,-45} n={group.Count(),3}  median {Scenarios.Ms(median),9}  p95 {Scenarios.Ms(p95),9}  max {Scenarios.Ms(group.Max(t => t.Ms)),9}");
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
}

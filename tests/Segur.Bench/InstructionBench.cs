using System.Diagnostics;
using Segur.Workflows.Financing;
using Segur.Workflows.Instruction;

namespace Segur.Bench;

/// <summary>
/// Item 2 of issue 11, staff side: the instruction search (<c>/instruction</c>) over every supplier's requests,
/// 1,000,000 over 50 suppliers (<c>--quick</c>: 20,000), through <see cref="InstructionQueries.SearchAsync"/> as the page
/// calls it (the first page of a search counts, the next pages of the same search pass the total back). A mixed set of
/// filters (supplier, SIRET, number, status, type, software, payment state, dates), orders and pages; the p95 of the
/// server time (goal ≤ 50 ms), the five slowest, and the page's own start (<see cref="InstructionQueries.OptionsAsync"/>).
/// Same data as <c>tables</c> (<see cref="TableWorld"/>, seeded once when both run).
/// </summary>
internal sealed class InstructionBench : IScenario
{
    public async Task<IReadOnlyList<ScenarioRow>> RunAsync(IBenchTarget target, BenchOptions options)
    {
        var world = await TableWorld.SharedAsync(target, options);
        try
        {
            var search = world.Instruction;
            var mix = Mix(world, options.Quick ? 100 : 600);
            var totals = new Dictionary<StaffRequestFilter, (int Total, bool Capped)>();
            foreach (var (filter, page) in mix.Take(30))
            {
                await search.SearchAsync(filter, page, 20); // warm-up: EF's compiled queries, the caches
            }

            var options0 = Stopwatch.StartNew();
            await search.OptionsAsync();
            var optionsMs = options0.Elapsed.TotalMilliseconds;

            var before = CpuSample.Take();
            var watch = Stopwatch.StartNew();
            var times = new List<(double Ms, string What)>(mix.Count);
            var byFilter = new List<(string Filter, double Ms)>(mix.Count);
            foreach (var (filter, page) in mix)
            {
                var one = Stopwatch.StartNew();
                var result = await Search(search, filter, page, totals);
                var ms = one.Elapsed.TotalMilliseconds;
                times.Add((ms, $"{Describe(filter)} page {page} ({(result.TotalCapped ? "> " : "")}{result.Total:N0})"));
                // The filter without its order, and whether the page is deep (500, 2,000): which searches carry the p95.
                byFilter.Add(($"{Filters(filter)}{(page >= 500 ? " (deep)" : "")}", ms));
            }

            var used = CpuSample.Take() - before;
            var other = Scenarios.OtherPercent(used, watch.Elapsed);
            // CPU per page (the bench's own process: EF and SQLite; PostgreSQL's server CPU apart) survives a busy machine.
            var cpu = $"CPU {(used.Process + used.Postgres).TotalMilliseconds / mix.Count:N1} ms/page";
            var (median, p95) = Scenarios.Stats([.. times.Select(t => t.Ms)]);
            TablesBench.Slowest(times);
            TablesBench.ByFilter(byFilter);
            return
            [
                new ScenarioRow(target.Name, "instruction", $"p95 {Scenarios.Ms(p95)}, median {Scenarios.Ms(median)}", "—", "—", "p95 ≤ 50 ms", other,
                    $"{mix.Count} pages of 20, {cpu}, over {world.Total:N0} requests of {TableWorld.Suppliers} suppliers; page options {Scenarios.Ms(optionsMs)}; " +
                    $"slowest {Scenarios.Ms(times.Max(t => t.Ms))}: {times.MaxBy(t => t.Ms).What}"),
            ];
        }
        finally
        {
            await TableWorld.ReleaseAsync(options, "instruction");
        }
    }

    /// <summary>As the page does: the total of a search is counted on its first page, then handed back while paging.</summary>
    private static async Task<Segur.Workflows.Persistence.Page<StaffRequestRow>> Search(InstructionQueries search, StaffRequestFilter filter, int page, Dictionary<StaffRequestFilter, (int Total, bool Capped)> totals)
    {
        var handed = page > 1 && totals.TryGetValue(filter, out var known) ? known : ((int Total, bool Capped)?)null;
        var result = await search.SearchAsync(filter, page, 20, handed?.Total, handed?.Capped ?? false);
        totals[filter] = (result.Total, result.TotalCapped);
        return result;
    }

    /// <summary>Each filter alone and in pairs, every order both ways, first, next, deep and last pages; shuffled, fixed seed.</summary>
    private static List<(StaffRequestFilter Filter, int Page)> Mix(TableWorld world, int count)
    {
        var random = new Random(12);
        var day = DateOnly.FromDateTime(DateTime.UtcNow);
        var (_, denomination, siret) = world.AllSuppliers[7];
        StaffRequestFilter[] filters =
        [
            new(),
            new() { Statuts = ["En cours"] },
            new() { Statuts = ["Rejetée", "Annulée"] },
            new() { Type = RequestType.Solde },
            new() { TypesLogiciel = ["DPI", "RIS"] },
            new() { EtatPaiement = "Paiement effectué" },
            new() { EtatPaiement = RequestQueries.NoPayment },
            new() { Du = day.AddDays(-20), Au = day.AddDays(-10) },
            new() { Numero = "BDC-2026-0012" },
            new() { Numero = "ASP265450" },
            new() { Fournisseur = denomination[^6..] },
            new() { Siret = siret },
            new() { Statuts = ["Validée"], TypesLogiciel = ["LGC"] },
            new() { Siret = siret, Statuts = ["En cours"] },
            new() { Type = RequestType.Avance, Du = day.AddDays(-5), Au = day },
        ];
        RequestSortColumn[] sorts = [RequestSortColumn.DateDepot, RequestSortColumn.NumeroAsp, RequestSortColumn.Denomination, RequestSortColumn.Statut];
        int[] pages = [1, 1, 1, 2, 3, 10, 500, 2_000];
        var mix = new List<(StaffRequestFilter, int)>(count);
        for (var i = 0; i < count; i++)
        {
            var filter = filters[i % filters.Length] with { Sort = new RequestSort(sorts[random.Next(sorts.Length)], random.Next(2) == 0) };
            // Deep pages only where the filter keeps many rows (a page past the end is the empty page, cheap anyway).
            var broad = i % filters.Length is 0 or 1 or 3 or 6;
            mix.Add((filter, broad ? pages[random.Next(pages.Length)] : pages[random.Next(5)]));
        }

        // Pages of one search follow its first page (the page hands the total back), in a shuffled order of searches.
        return [.. mix.GroupBy(m => m.Item1).OrderBy(_ => random.Next()).SelectMany(g => g.OrderBy(m => m.Item2))];
    }

    private static string Describe(StaffRequestFilter f) => $"{Filters(f)} {f.Sort.Column}{(f.Sort.Descending ? " desc" : "")}";

    private static string Filters(StaffRequestFilter f)
    {
        var parts = new List<string?>
        {
            f.Numero is null ? null : $"numero={f.Numero}", f.Fournisseur is null ? null : $"fournisseur={f.Fournisseur}",
            f.Siret is null ? null : $"siret={f.Siret}", f.Type is null ? null : $"type={f.Type}",
            f.Statuts.Count == 0 ? null : $"statut={string.Join(",", f.Statuts)}", f.EtatPaiement is null ? null : $"paiement={f.EtatPaiement}",
            f.TypesLogiciel.Count == 0 ? null : $"logiciel={string.Join(",", f.TypesLogiciel)}",
            f.Du is null ? null : $"du={f.Du:yyyy-MM-dd}&au={f.Au:yyyy-MM-dd}",
        };
        var text = string.Join(" ", parts.Where(p => p is not null));
        return text.Length == 0 ? "no filter" : text;
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Segur.Bench;

/// <summary>
/// Item 5 of issue 11: latency of imports under the group commit. A 1-line import of another supplier sent while a large
/// import (200 lines × 50 beneficiaries) is being written, beside the same 1-line import alone; and 20 imports of 200
/// lines sent at once by two suppliers, beside one such import alone.
/// </summary>
internal sealed class WriterFairnessBench : IScenario
{
    public async Task<IReadOnlyList<ScenarioRow>> RunAsync(IBenchTarget target, BenchOptions options)
    {
        var repeats = options.Quick ? 2 : 5;
        var concurrent = options.Quick ? 10 : 20;
        await using var world = await ImportWorld.CreateAsync(target, suppliers: 2);
        using var profile = new ImportProfile();
        for (var i = 0; i < 2; i++)
        {
            await world.ImportAsync(1, world.File(1, 1));
            await world.ImportAsync(0, world.File(0, 200));
        }

        await world.AnalyzeAsync();

        var before = CpuSample.Take();
        var clock = Stopwatch.StartNew();
        var alone = new List<double>();
        var largeAlone = new List<double>();
        var behind = new List<double>();
        var largePhases = "";
        for (var i = 0; i < repeats; i++)
        {
            alone.Add(await TimeAsync(() => world.ImportAsync(1, world.File(1, 1))));
            var large = world.File(0, 200, beneficiaries: 50);
            profile.Clear();
            largeAlone.Add(await TimeAsync(() => world.ImportAsync(0, large)));
            largePhases = profile.ToString();
            // The large import is read (outside the writer) then queued; the small one is sent once the large one is
            // being written, so it waits for it: what the issue's 3.6 s and 24 s were.
            var next = world.File(0, 200, beneficiaries: 50);
            var small = world.File(1, 1);
            profile.Clear();
            var largeTask = world.ImportAsync(0, next);
            await profile.WaitForQueuedAsync();
            behind.Add(await TimeAsync(() => world.ImportAsync(1, small)));
            await largeTask;
        }

        // Three times as many lone imports as the other cases: their median is the ratio's unit, and five of them moved it by
        // up to a quarter between runs.
        var one200 = new List<double>();
        for (var i = 0; i < 3 * repeats; i++)
        {
            one200.Add(await TimeAsync(() => world.ImportAsync(i % 2, world.File(i % 2, 200))));
        }

        var files = Enumerable.Range(0, concurrent).Select(i => world.File(i % 2, 200)).ToList();
        profile.Clear();
        var watch = Stopwatch.StartNew();
        var latencies = await Task.WhenAll(files.Select((file, i) => Task.Run(async () =>
        {
            await world.ImportAsync(i % 2, file);
            return watch.Elapsed.TotalMilliseconds;
        })));
        var other = Scenarios.OtherPercent(CpuSample.Take() - before, clock.Elapsed);
        var timeline = profile.Timeline();
        var stored = profile.StoreTimes();
        var (aloneMedian, _) = Scenarios.Stats(alone);
        var (largeMedian, _) = Scenarios.Stats(largeAlone);
        var (behindMedian, behindP95) = Scenarios.Stats(behind);
        var (one200Median, _) = Scenarios.Stats(one200);
        var sorted = latencies.Order().ToList();
        // Each import's allowance: twice its time alone plus the queue ahead of it (the imports that finished before it).
        var ratios = sorted.Select((l, i) => l / (2 * one200Median + i * one200Median)).ToList();
        var worstRatio = ratios.Max();
        var worstAt = ratios.IndexOf(worstRatio) + 1;
        // The same allowance with the queue ahead counted as the work it really took (each import's time in the store, from
        // its turn to its answer) instead of as many median lone imports: the median of a few lone imports leaves out the
        // periodic costs (SQLite's WAL checkpoints, PostgreSQL's) that twenty imports in a row necessarily pay.
        var workAhead = sorted.Select((l, i) => l / (2 * one200Median + stored.Take(Math.Min(i, stored.Count)).Sum())).Max();
        var (one200Mean, storedMean) = (one200.Average(), stored.Count > 0 ? stored.Average() : 0);
        return
        [
            new ScenarioRow(target.Name, "1-line import behind a large one", $"median {Scenarios.Ms(behindMedian)}, max {Scenarios.Ms(behindP95)} ({repeats})",
                $"alone {Scenarios.Ms(aloneMedian)}", (behindMedian / aloneMedian).ToString("0.0×", CultureInfo.InvariantCulture), "< 500 ms", other,
                $"large import (200 lines × 50 beneficiaries) alone: median {Scenarios.Ms(largeMedian)}; its phases (last run, cumulative ms): {largePhases}"),
            new ScenarioRow(target.Name, $"{concurrent} imports of 200 at once", $"first {Scenarios.Ms(sorted[0])}, median {Scenarios.Ms(sorted[sorted.Count / 2])}, last {Scenarios.Ms(sorted[^1])}",
                $"one alone {Scenarios.Ms(one200Median)}", worstRatio.ToString("0.00", CultureInfo.InvariantCulture), "each ≤ 2× alone + queue ahead (ratio ≤ 1)", other,
                $"ratio: worst of latency / (2 × alone + imports finished before it × alone), the {worstAt}th answered; with the work ahead as it was (their times in the store): worst {workAhead.ToString("0.00", CultureInfo.InvariantCulture)}; one alone: mean {Scenarios.Ms(one200Mean)}, one in the store of the 20: mean {Scenarios.Ms(storedMean)}; each in the order answered, turn/write began/its checks/answered (ms): {timeline}"),
        ];
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalMilliseconds;
    }
}

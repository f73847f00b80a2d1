using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Segur.Bench;

internal sealed record Result(string Database, string Case, int Workers, List<Measurement> Runs)
{
    /// <summary>The median of the undisturbed runs (of all runs when every one was disturbed); of two, the lower.</summary>
    public Measurement Median
    {
        get
        {
            var runs = Runs.Any(r => !r.Disturbed) ? Runs.Where(r => !r.Disturbed).ToList() : Runs;
            return runs.OrderBy(r => r.PerSecond).ElementAt((runs.Count - 1) / 2); // the lower one of an even count
        }
    }

    public bool AllDisturbed => Runs.All(r => r.Disturbed);
}

internal static class MachineInfo
{
    public static string Describe()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{DateTime.UtcNow:yyyy-MM-dd} (UTC) · {Environment.ProcessorCount} cores ({model ?? RuntimeInformation.ProcessArchitecture.ToString()}) · " +
            $"{RuntimeInformation.OSDescription} · {RuntimeInformation.FrameworkDescription}";
    }
}

internal static class Report
{
    // Issue 11, item 6: SQLite ≥ 8,000 durable transitions/s with 8 workers; PostgreSQL at least its hand-written floor (same run).
    private const int SqliteTarget = 8000;

    public static string Table(IReadOnlyList<Result> results, string machine)
    {
        var text = new StringBuilder();
        text.AppendLine(machine).AppendLine();
        text.AppendLine("| database | case | workers | transitions/s | undisturbed runs (min–max) | vs floor | client CPU µs/tx | server CPU µs/tx | other load |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var median = r.Median;
            var floor = results.SingleOrDefault(f => f.Database == r.Database && f.Case == "floor" && f.Workers == r.Workers);
            var ratio = floor is null || r.Case == "floor" ? "" : (median.PerSecond / floor.Median.PerSecond).ToString("P0", CultureInfo.InvariantCulture);
            var kept = r.AllDisturbed ? r.Runs : r.Runs.Where(m => !m.Disturbed).ToList();
            var range = string.Create(CultureInfo.InvariantCulture,
                $"{r.Runs.Count(m => !m.Disturbed)} of {r.Runs.Count}{(kept.Count > 1 ? $" ({kept.Min(m => m.PerSecond):N0}–{kept.Max(m => m.PerSecond):N0})" : "")}");
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Database} | {r.Case} | {r.Workers} | {median.PerSecond:N0}{(r.AllDisturbed ? " †" : "")} | {range} | {ratio} | {median.ClientMicros:N0} | {(r.Database == "SQLite" ? "–" : median.ServerMicros.ToString("N0", CultureInfo.InvariantCulture))} | {median.OtherPercent:N0} % |"));
        }

        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Median of the undisturbed runs (other processes under {Measurement.DisturbedAbove} % of the machine); † every run was disturbed: likely too low."));
        foreach (var engine in results.Where(r => r.Case == "engine" && r.Workers == 8))
        {
            var floor = results.SingleOrDefault(f => f.Database == engine.Database && f.Case == "floor" && f.Workers == 8);
            double? target = engine.Database == "SQLite" ? SqliteTarget : floor?.Median.PerSecond;
            if (target is { } goal)
            {
                var rate = engine.Median.PerSecond;
                var what = engine.Database == "SQLite" ? $"{goal:N0}/s" : $"the floor's {goal:N0}/s";
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"Target {engine.Database} engine, 8 workers: ≥ {what} → {rate:N0}/s: {(rate >= goal ? "met" : "NOT met")}"));
            }
        }

        return text.ToString();
    }
}

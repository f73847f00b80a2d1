using System.Globalization;

namespace Segur.Bench;

/// <summary>
/// A case that is not a throughput of W workers: one timed operation repeated (an import, a page of a table...), measured
/// beside its floor in the same run. Runs once per database whatever <c>--workers</c> says.
/// </summary>
internal interface IScenario
{
    Task<IReadOnlyList<ScenarioRow>> RunAsync(IBenchTarget target, BenchOptions options);
}

/// <summary>One line of the scenarios' table. <see cref="Shared"/>: other processes used the machine meanwhile.</summary>
internal sealed record ScenarioRow(string Database, string Case, string Figure, string Floor, string Ratio, string Target, double OtherPercent, string Note = "")
{
    public bool Shared => OtherPercent > Measurement.DisturbedAbove;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"  {Database,-10} {Case,-22} {Figure,-34} floor {Floor,-22} {Ratio,-8} target {Target,-22} other {OtherPercent,3:N0} %{(Shared ? " (measured while the machine was shared)" : "")} {Note}");
}

internal static class Scenarios
{
    private static readonly Dictionary<string, Func<IScenario>> s_scenarios = new()
    {
        ["import"] = () => new ImportBench(),
        ["writer-fairness"] = () => new WriterFairnessBench(),
        ["tables"] = () => new TablesBench(),
        ["instruction"] = () => new InstructionBench(),
    };

    public static IReadOnlyCollection<string> Names => s_scenarios.Keys;

    public static IScenario Create(string name) => s_scenarios[name]();

    /// <summary>Median and 95th percentile of durations in milliseconds.</summary>
    public static (double Median, double P95) Stats(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        return (At(0.5), At(0.95));
    }

    public static string Ms(double value) => value.ToString(value < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>Share of the machine used by other processes between two samples, in percent.</summary>
    public static double OtherPercent(CpuSample used, TimeSpan elapsed) =>
        100 * Math.Max(0, used.MachineBusy.TotalSeconds - used.Process.TotalSeconds - used.Postgres.TotalSeconds)
        / (elapsed.TotalSeconds * Environment.ProcessorCount);

    public static string Table(IReadOnlyList<ScenarioRow> rows, string machine)
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine(machine).AppendLine();
        text.AppendLine("| database | case | figure | floor (same run) | ratio | target | other load | |");
        text.AppendLine("|---|---|---|---|---:|---|---:|---|");
        foreach (var r in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Database} | {r.Case} | {r.Figure} | {r.Floor} | {r.Ratio} | {r.Target} | {r.OtherPercent:N0} % | {(r.Shared ? "measured while the machine was shared" : "")} {r.Note} |"));
        }

        return text.ToString();
    }
}

using Segur.Workflows.Persistence;

namespace Segur.Bench;

/// <summary>
/// The workloads by name. <c>floor</c> and <c>engine</c> are what the issue asks for (and the default); the others are
/// the experiments behind the findings of docs/benchmarks.md.
/// </summary>
internal static class Cases
{
    private static readonly Dictionary<string, Func<BenchRun, IWorkload>> s_cases = new()
    {
        // What the issue asks for: the engine beside the hand-written floor.
        ["floor"] = run => new FloorWorkload(run),
        ["engine"] = run => new EngineWorkload(run),

        // Experiments (see EngineLab, WriterLab, Lanes and docs/benchmarks.md).
        ["floor-batched"] = run => new FloorWorkload(run, batched: true),
        ["engine-autoprepare"] = run => new EngineWorkload(run.Tuned(AutoPrepare), run.Writer),
        ["engine-autoprepare-noreset"] = run => new EngineWorkload(run.Tuned(cs => AutoPrepare(cs) + ";No Reset On Close=true"), run.Writer),
        ["engine-each-completion"] = run => new EngineWorkload(run, WriterCompletion.EachOnThePool),
        ["engine-savepoints"] = run => new EngineWorkload(run, savepointEveryWrite: true),
        ["lab-replica"] = run => new EngineLab(run, LabMode.Replica),
        ["lab-narrow-gate"] = run => new EngineLab(run, LabMode.NarrowGate),
        ["lab-lean"] = run => new EngineLab(run, LabMode.Lean),
        ["lab-lean-batched"] = run => new EngineLab(run, LabMode.Lean, batched: true),
        ["lab-lane-context"] = run => new EngineLab(run, LabMode.LaneContext),
        ["lab-writer"] = run => new WriterLab(run, maxBatch: 1),
        ["lab-group-commit"] = run => new WriterLab(run, maxBatch: 64),
    };

    /// <summary>Npgsql prepares statements it sees repeatedly and keeps them across pooled opens.</summary>
    private static string AutoPrepare(string connectionString) => connectionString + ";Max Auto Prepare=20;Auto Prepare Min Usages=2";

    public static IReadOnlyCollection<string> Names => s_cases.Keys;

    public static IWorkload Create(string name, BenchRun run) => s_cases[name](run);
}

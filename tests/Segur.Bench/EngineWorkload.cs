using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Bench;

/// <summary>
/// The product's path: <see cref="WorkflowRuntime.FireAsync"/> as the engine itself (role Systeme). On SQLite it also
/// reports what the writer loop did during the measured window: writes per commit, and per write the loop's wall time
/// (BEGIN to the end of COMMIT), its CPU (the serial part) and the commit's share.
/// </summary>
internal sealed class EngineWorkload : IWorkload, IProfiled
{
    private readonly WorkflowRuntime _runtime;
    private readonly DatabaseWriter _writer;
    private readonly Stopwatch _window = new();
    private (long Writes, long Batches, long BatchTicks, long CommitTicks, long WorkCpu, long CommitCpu, long Undos) _start;

    public EngineWorkload(BenchRun run, WriterCompletion completion = WriterCompletion.BatchOnThePool, bool savepointEveryWrite = false)
        : this(run.Runtime, run.Services.GetRequiredService<DatabaseWriter>(), completion, savepointEveryWrite)
    {
    }

    /// <param name="savepointEveryWrite">Each write in a savepoint of its own on SQLite, as before decision 0253 (case <c>engine-savepoints</c>).</param>
    public EngineWorkload(
        WorkflowRuntime runtime, DatabaseWriter writer, WriterCompletion completion = WriterCompletion.BatchOnThePool, bool savepointEveryWrite = false)
    {
        _runtime = runtime;
        _writer = writer;
        _writer.ThreadCpuClock = ThreadCpu.Clock;
        _writer.Completion = completion;
        _writer.SavepointEveryWrite = savepointEveryWrite;
    }

    public Task<IWorker> CreateWorkerAsync(int index, IReadOnlyList<Guid> instances) =>
        Task.FromResult<IWorker>(new Worker(_runtime, instances));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void ResetProfile()
    {
        _start = Snapshot();
        _window.Restart();
    }

    public string ProfileReport(long transitions)
    {
        var now = Snapshot();
        var writes = now.Writes - _start.Writes;
        var batches = now.Batches - _start.Batches;
        if (writes == 0 || batches == 0)
        {
            return "writer loop: no group commit (not SQLite)";
        }

        double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency / writes;
        var busy = (now.BatchTicks - _start.BatchTicks) * 100.0 / (_window.Elapsed.TotalSeconds * Stopwatch.Frequency);
        return string.Create(CultureInfo.InvariantCulture,
            $"writer loop: {(double)writes / batches:N2} writes per commit, busy {busy:N0} % of the time; per write: " +
            $"wall {Micros(now.BatchTicks - _start.BatchTicks):N0} µs (commit {Micros(now.CommitTicks - _start.CommitTicks):N0}), " +
            $"CPU {(now.WorkCpu - _start.WorkCpu) / 1000.0 / writes:N0} µs in the writes + {(now.CommitCpu - _start.CommitCpu) / 1000.0 / writes:N0} µs committing" +
            $"{(_writer.SavepointEveryWrite ? "; a savepoint per write" : $"; {now.Undos - _start.Undos} transactions rolled back whole")}");
    }

    private (long Writes, long Batches, long BatchTicks, long CommitTicks, long WorkCpu, long CommitCpu, long Undos) Snapshot()
    {
        var c = _writer.Counters;
        return (c.Writes, c.Batches, c.BatchTicks, c.CommitTicks, c.WorkCpuNanos, c.CommitCpuNanos, c.Undos);
    }

    private sealed class Worker(WorkflowRuntime runtime, IReadOnlyList<Guid> instances) : IWorker
    {
        private readonly Toggle _toggle = new(instances);

        public async Task FireNextAsync()
        {
            var (id, trigger, expected) = _toggle.Next();
            var result = await runtime.FireAsync(new FireRequest(id, trigger, Actor.System));
            if (result.ToState != expected)
            {
                throw new InvalidOperationException($"Instance {id}: {trigger} led to {result.ToState}, expected {expected}.");
            }

            _toggle.Advance();
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

/// <summary>A worker's instances in turn, with the state each is in (all start in A).</summary>
internal sealed class Toggle(IReadOnlyList<Guid> instances)
{
    private readonly bool[] _inB = new bool[instances.Count];
    private int _next;

    public (Guid Id, string Trigger, string To) Next() => _inB[_next]
        ? (instances[_next], BenchDefinition.Back, BenchDefinition.StateA)
        : (instances[_next], BenchDefinition.Go, BenchDefinition.StateB);

    public void Advance()
    {
        _inB[_next] = !_inB[_next];
        _next = (_next + 1) % instances.Count;
    }
}

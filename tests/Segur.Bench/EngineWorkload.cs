using Segur.Workflows.Engine.Runtime;

namespace Segur.Bench;

/// <summary>The product's path: <see cref="WorkflowRuntime.FireAsync"/> as the engine itself (role Systeme).</summary>
internal sealed class EngineWorkload(WorkflowRuntime runtime) : IWorkload
{
    public Task<IWorker> CreateWorkerAsync(int index, IReadOnlyList<Guid> instances) =>
        Task.FromResult<IWorker>(new Worker(runtime, instances));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

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

using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;

namespace Segur.Bench;

/// <summary>
/// SQLite experiments on how writers take turns. Instead of each worker waiting on the write gate (a semaphore
/// hand-off wakes the next waiter on a thread-pool thread while the database sits idle), the workers queue their
/// fires to one writer loop that owns one connection with prepared statements (a <see cref="Lane"/>) and runs the
/// engine's lean fire logic (as <see cref="EngineLab"/>'s Lean mode) back to back.
/// <list type="bullet">
/// <item><c>maxBatch = 1</c>: one transaction (one commit, one fsync) per fire, as today.</item>
/// <item><c>maxBatch &gt; 1</c>: group commit. The fires waiting in the queue (up to maxBatch) share one
/// transaction, each inside its own SAVEPOINT (a failing fire is rolled back alone and gets its exception); every
/// caller's task completes only after the COMMIT, so a fire is still durable when FireAsync returns.</item>
/// </list>
/// </summary>
internal sealed class WriterLab(BenchRun run, int maxBatch) : IWorkload, IProfiled
{
    private readonly Channel<Request> _queue = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WorkflowRuntime _runtime = run.Runtime;
    private readonly DefinitionCatalog _catalog = run.Services.GetRequiredService<DefinitionCatalog>();
    private Lane? _lane;
    private long _commits;
    private long _fires;
    private Task? _loop;

    public async Task<IWorker> CreateWorkerAsync(int index, IReadOnlyList<Guid> instances)
    {
        if (_loop is null)
        {
            _lane = await Lane.OpenAsync(run);
            _loop = Task.Run(WriteLoopAsync);
        }

        return new Worker(this, instances);
    }

    public void ResetProfile()
    {
        Interlocked.Exchange(ref _commits, 0);
        Interlocked.Exchange(ref _fires, 0);
    }

    public string ProfileReport(long transitions) =>
        $"commits {Interlocked.Read(ref _commits):N0}, fires {Interlocked.Read(ref _fires):N0}, fires per commit {(double)Interlocked.Read(ref _fires) / Math.Max(1, Interlocked.Read(ref _commits)):N2}";

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.Complete();
        if (_loop is not null)
        {
            await _loop;
        }

        if (_lane is not null)
        {
            await _lane.DisposeAsync();
        }
    }

    private async Task WriteLoopAsync()
    {
        var lane = _lane!;
        var batch = new List<Request>(maxBatch);
        var done = new List<(Request Request, string To)>(maxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            done.Clear();
            while (batch.Count < maxBatch && _queue.Reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            try
            {
                await lane.BeginAsync();
                foreach (var request in batch)
                {
                    if (maxBatch == 1)
                    {
                        done.Add((request, await FireAsync(lane, request)));
                        continue;
                    }

                    await lane.SavepointAsync(SavepointAction.Save);
                    try
                    {
                        var to = await FireAsync(lane, request);
                        await lane.SavepointAsync(SavepointAction.Release);
                        done.Add((request, to));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        await lane.SavepointAsync(SavepointAction.RollbackTo);
                        await lane.SavepointAsync(SavepointAction.Release);
                        request.Done.TrySetException(ex);
                    }
                }

                await lane.CommitAsync();
                Interlocked.Increment(ref _commits);
                Interlocked.Add(ref _fires, done.Count);
                foreach (var (request, to) in done)
                {
                    request.Done.TrySetResult(to);
                }
            }
            catch (Exception ex)
            {
                foreach (var request in batch)
                {
                    request.Done.TrySetException(ex);
                }

                throw;
            }
        }
    }

    /// <summary>The lean fire: read, the engine's own resolution, payload, writes. Returns the state reached.</summary>
    private async Task<string> FireAsync(Lane lane, Request request)
    {
        var row = await lane.ReadAsync(request.Id) ?? throw new InstanceNotFoundException(request.Id);
        var definition = await _catalog.GetAsync(row.DefinitionId, row.DefinitionVersion);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        var session = new FireSession(_runtime, null!, null!, definition, row, Subject.None, Actor.System, null, now, isDryRun: false);
        var transition = session.Resolve(request.Trigger);
        var to = definition.State(transition.To);
        object message = new WorkflowTransitioned(
            row.Id, definition.Id, definition.Version, row.SubjectType, row.SubjectId, row.State, to.Code, to.Label, request.Trigger, Actor.System.Id, now);
        var payload = JsonSerializer.Serialize(message, message.GetType(), OutboxJson.Options);
        var write = new TransitionWrite(
            row.Id, to.Code, row.DefinitionVersion, row.Version, now, Actor.System.Id, request.Trigger, row.State, null,
            Guid.CreateVersion7(now), MessageTypes.NameOf(message.GetType()), payload);
        return await lane.WriteAsync(write) ? to.Code : throw new ConcurrencyConflictException(row.Id, row.Version, -1);
    }

    private sealed record Request(Guid Id, string Trigger, TaskCompletionSource<string> Done);

    private sealed class Worker(WriterLab lab, IReadOnlyList<Guid> instances) : IWorker
    {
        private readonly Toggle _toggle = new(instances);

        public async Task FireNextAsync()
        {
            var (id, trigger, expected) = _toggle.Next();
            var request = new Request(id, trigger, new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
            if (!lab._queue.Writer.TryWrite(request))
            {
                throw new InvalidOperationException("The writer has stopped.");
            }

            var to = await request.Done.Task;
            if (to != expected)
            {
                throw new InvalidOperationException($"Instance {id}: {trigger} led to {to}, expected {expected}.");
            }

            _toggle.Advance();
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Runtime;

/// <summary>
/// SQLite has one writer at a time; queueing writers in-process is much faster than letting them spin on
/// the file lock. Other databases take concurrent transactions: the gate is open.
/// </summary>
public sealed class WriteGate(SegurDatabase database)
{
    private readonly SemaphoreSlim? _semaphore = database.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;

    public async ValueTask<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        if (_semaphore is not null)
        {
            await _semaphore.WaitAsync(cancellationToken);
        }

        return new Releaser(_semaphore);
    }

    public readonly struct Releaser(SemaphoreSlim? semaphore) : IDisposable
    {
        public void Dispose() => semaphore?.Release();
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>
/// The SQLite writer tells the callers of a committed batch from thread-pool work items that take them in turn
/// (decision 0190): a caller's code after its write never runs on the writer's loop, and a caller that blocks there
/// holds neither the writer nor the answers of the writes committed with it.
/// </summary>
public sealed class WriterCompletionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ACallerBlockingAfterItsWrite_HoldsNeitherTheWriterNorTheOtherAnswersOfItsBatch()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);
        using var release = new ManualResetEventSlim();

        var (hold, held) = HoldTheLoop(writer);
        var blocking = writer.WriteAsync(_ => Task.FromResult(1));
        // Runs on whichever thread tells this caller, and blocks it until the end of the test.
        var blocked = blocking.ContinueWith(_ => release.Wait(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var others = Enumerable.Range(2, 6).Select(i => writer.WriteAsync(_ => Task.FromResult(i))).ToList();
        hold.Release();
        await held;

        try
        {
            var answers = await Task.WhenAll(others).WaitAsync(Deadline);
            Assert.Equal(new[] { 2, 3, 4, 5, 6, 7 }, answers);
            Assert.Equal(9, await writer.WriteAsync(_ => Task.FromResult(9)).WaitAsync(Deadline));
            Assert.False(blocked.IsCompleted);
        }
        finally
        {
            release.Set();
        }

        await blocked.WaitAsync(Deadline);
    }

    [Fact]
    public async Task ACallerWaitingSynchronouslyForAnotherWriteOfItsBatch_IsAnswered()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);

        var (hold, held) = HoldTheLoop(writer);
        var first = writer.WriteAsync(_ => Task.FromResult(1));
        var second = writer.WriteAsync(_ => Task.FromResult(2));
        // Sync over async after a write (which code must not do): it would wait for ever if the second answer waited for it.
        var waiting = first.ContinueWith(_ => Block(second), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        hold.Release();
        await held;

        Assert.Equal(2, await waiting.WaitAsync(Deadline));
        Assert.True(writer.Commits <= 3, $"{writer.Commits} commits: the two writes were not committed together");
    }

    private static int Block(Task<int> task) => task.GetAwaiter().GetResult();

    /// <summary>A write that keeps the loop busy until released, so that the writes queued meanwhile form one batch.</summary>
    private static (SemaphoreSlim Hold, Task Held) HoldTheLoop(DatabaseWriter writer)
    {
        var hold = new SemaphoreSlim(0);
        var held = writer.WriteAsync(async _ =>
        {
            await hold.WaitAsync();
            return 0;
        });
        return (hold, held);
    }
}

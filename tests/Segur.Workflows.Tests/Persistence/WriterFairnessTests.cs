using Microsoft.Extensions.Logging.Abstractions;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>
/// The SQLite group commit is fair (decision 0120): a batch takes no further write once its writes have worked
/// <see cref="DatabaseWriter.MaxBatchWork"/>, and a large write (an import) commits in a batch of its own. Each write
/// notes how many commits were done when it ran: writes of one batch note the same number.
/// </summary>
public sealed class WriterFairnessTests
{
    [Fact]
    public async Task ALargeWrite_IsCommittedInABatchOfItsOwn_AndSmallWritesQueuedBehindItGoFirst()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new long[4];

        var first = writer.WriteAsync(async scope =>
        {
            started.SetResult();
            await gate.Task;
            seen[0] = await NoteAsync(scope, writer, "first");
        });
        await started.Task;
        var before = writer.WriteAsync(async scope => seen[1] = await NoteAsync(scope, writer, "before"));
        var large = writer.WriteAsync(async scope => seen[2] = await NoteAsync(scope, writer, "large"), large: true);
        var after = writer.WriteAsync(async scope => seen[3] = await NoteAsync(scope, writer, "after"));
        gate.SetResult();
        await Task.WhenAll(first, before, large, after);

        // Decision 0241: the small write queued behind the large one does not wait for it (one batch of small writes may
        // go before a large write); the large one is committed alone.
        Assert.True(seen[1] < seen[2], $"the large write ran in the commit of the write queued before it ({seen[1]}, {seen[2]})");
        Assert.True(seen[3] < seen[2], $"the small write queued behind the large one waited for it ({seen[3]}, {seen[2]})");
    }

    [Fact]
    public async Task ALargeWrite_LetsOneBatchOfSmallWritesGoFirst_NotMore()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var smallRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var smallGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long largeSeen = -1, overtakingSeen = -1, laterSeen = -1;

        var first = writer.WriteAsync(async scope =>
        {
            started.SetResult();
            await gate.Task;
            await NoteAsync(scope, writer, "first");
        });
        await started.Task;
        var large = writer.WriteAsync(async scope => largeSeen = await NoteAsync(scope, writer, "large"), large: true);
        var overtaking = writer.WriteAsync(async scope =>
        {
            smallRunning.SetResult();
            await smallGate.Task;
            // This batch works longer than a batch may: the write queued meanwhile does not join it.
            await Task.Delay(DatabaseWriter.MaxBatchWork + TimeSpan.FromMilliseconds(5));
            overtakingSeen = await NoteAsync(scope, writer, "overtaking");
        });
        gate.SetResult();
        // The small write runs before the large one; a small write queued meanwhile does not go before the large one too.
        await smallRunning.Task;
        var later = writer.WriteAsync(async scope => laterSeen = await NoteAsync(scope, writer, "later"));
        smallGate.SetResult();
        await Task.WhenAll(first, large, overtaking, later);

        Assert.True(overtakingSeen < largeSeen, $"the small write queued behind the large one waited for it ({overtakingSeen}, {largeSeen})");
        Assert.True(largeSeen < laterSeen, $"the large write was overtaken by a second batch of small writes ({largeSeen}, {laterSeen})");
    }

    [Fact]
    public async Task AWriteQueuedBehindABatchThatHasWorkedLong_IsCommittedInTheNextBatch()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long slowSeen = -1, nextSeen = -1;

        var slow = writer.WriteAsync(async scope =>
        {
            started.SetResult();
            await gate.Task;
            // This write's own work lasts longer than a batch may work: nothing queued meanwhile joins its commit.
            await Task.Delay(DatabaseWriter.MaxBatchWork + TimeSpan.FromMilliseconds(5));
            slowSeen = await NoteAsync(scope, writer, "slow");
        });
        await started.Task;
        var next = writer.WriteAsync(async scope => nextSeen = await NoteAsync(scope, writer, "next"));
        gate.SetResult();
        await Task.WhenAll(slow, next);

        Assert.True(nextSeen > slowSeen, $"the write queued behind a long batch was committed with it ({slowSeen}, {nextSeen})");
        Assert.Equal(2, writer.Commits);
    }

    [Fact]
    public async Task AWrite_KnowsWhetherAnythingWasCommittedSinceItsReaderNotedTheDataGeneration()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);
        await writer.WriteAsync(async scope => await NoteAsync(scope, writer, "first"));

        var noted = writer.ObserveDataGeneration();
        Assert.True(await writer.WriteAsync(scope => Task.FromResult(scope.UnchangedSince(noted))), "nothing was committed since the generation was noted");

        noted = writer.ObserveDataGeneration();
        await writer.WriteAsync(async scope => await NoteAsync(scope, writer, "by the writer"));
        Assert.False(await writer.WriteAsync(scope => Task.FromResult(scope.UnchangedSince(noted))), "the writer committed since");

        noted = writer.ObserveDataGeneration();
        await using (var other = database.CreateContext())
        {
            other.OutboxMessages.Add(new OutboxMessage { Id = Guid.NewGuid(), Type = "Test", Payload = "\"elsewhere\"", CreatedAt = DateTime.UtcNow });
            await other.SaveChangesAsync();
        }

        Assert.False(await writer.WriteAsync(scope => Task.FromResult(scope.UnchangedSince(noted))), "another connection committed since");
        Assert.False(await writer.WriteAsync(scope => Task.FromResult(scope.UnchangedSince(null))), "a generation not known is never unchanged");
    }

    private static async Task<long> NoteAsync(WriteScope scope, DatabaseWriter writer, string text)
    {
        scope.Db.OutboxMessages.Add(new OutboxMessage { Id = Guid.NewGuid(), Type = "Test", Payload = $"\"{text}\"", CreatedAt = DateTime.UtcNow });
        await scope.Db.SaveChangesAsync();
        return writer.Commits;
    }
}

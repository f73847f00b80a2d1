using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>
/// SQLite's writer loop runs a batch's writes without a savepoint each until one of them has to be undone (decision 0253):
/// a write that fails having changed nothing fails alone; one that fails after changing rows makes the loop roll the
/// transaction back whole and run the writes that had succeeded again, the rest of the batch in a savepoint per write.
/// </summary>
public sealed class WriterWithoutSavepointsTests
{
    [Fact]
    public async Task AWriteFailingBeforeItChangedAnything_FailsAlone_AndNothingRunsTwice()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var (database, writer) = await OpenAsync(test);
        await using var _ = writer;
        var runs = new ConcurrentDictionary<string, int>();

        var (blocker, release) = await BlockerAsync(writer);
        var writes = new[] { "a", "b", "refused", "c" }.Select(name => writer.WriteAsync(async scope =>
        {
            runs.AddOrUpdate(name, 1, (_, n) => n + 1);
            if (name == "refused")
            {
                throw new InvalidOperationException("refusée avant toute écriture");
            }

            scope.Db.OutboxMessages.Add(Message(name));
            await scope.Db.SaveChangesAsync();
        })).ToList();
        release.SetResult();
        await blocker;

        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[2]);
        await Task.WhenAll(writes[0], writes[1], writes[3]);
        Assert.All(runs, r => Assert.Equal(1, r.Value));
        Assert.Equal(0, writer.Counters.Undos);
        Assert.Equal(["\"a\"", "\"b\"", "\"blocker\"", "\"c\""], await PayloadsAsync(database));
    }

    [Fact]
    public async Task AWriteFailingAfterItChangedRows_IsUndone_TheEarlierWritesRunAgain_AndTheBatchGoesOn()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var (database, writer) = await OpenAsync(test);
        await using var _ = writer;
        var runs = new ConcurrentDictionary<string, int>();

        var (blocker, release) = await BlockerAsync(writer);
        var commitsBefore = writer.Commits + 1;
        var writes = new[] { "a", "b", "fails", "c", "d" }.Select(name => writer.WriteAsync(async scope =>
        {
            var run = runs.AddOrUpdate(name, 1, (_, n) => n + 1);
            scope.Db.OutboxMessages.Add(Message($"{name} {run}"));
            await scope.Db.SaveChangesAsync();
            if (name == "fails")
            {
                throw new InvalidOperationException("échoue après avoir écrit");
            }

            return run;
        })).ToList();
        release.SetResult();
        await blocker;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[2]);
        Assert.Equal("échoue après avoir écrit", error.Message);
        var results = await Task.WhenAll(writes[0], writes[1], writes[3], writes[4]);
        Assert.Equal(1, runs["fails"]);
        Assert.Equal(1, writer.Counters.Undos);
        // The writes after the failing one ran once, in savepoints; the callers get the result of the run that was committed.
        Assert.Equal([1, 1], results[2..]);
        Assert.Equal(["\"a " + results[0] + "\"", "\"b " + results[1] + "\"", "\"blocker\"", "\"c 1\"", "\"d 1\""], await PayloadsAsync(database));
        if (writer.Commits == commitsBefore + 1)
        {
            // All five in one batch (the usual case; a stalled machine may split it after 20 ms of work): a and b ran again.
            Assert.Equal([2, 2], results[..2]);
        }
    }

    [Fact]
    public async Task AWriteThatSwallowsTheUndo_IsStillUndone()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var (database, writer) = await OpenAsync(test);
        await using var _ = writer;

        await writer.WriteAsync(async scope =>
        {
            scope.Db.OutboxMessages.Add(Message("undone"));
            await scope.Db.SaveChangesAsync();
            try
            {
                await scope.DiscardAsync();
            }
            catch (Exception)
            {
                // A write must not do this; the loop undoes the rows anyway.
            }

            scope.Db.OutboxMessages.Add(Message("kept"));
            await scope.Db.SaveChangesAsync();
        });

        Assert.Equal(["\"kept\""], await PayloadsAsync(database));
        Assert.Equal(1, writer.Counters.Undos);
    }

    [Fact]
    public async Task WithASavepointPerWrite_AFailingWriteIsUndoneWithoutRunningTheOthersAgain()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var (database, writer) = await OpenAsync(test);
        await using var _ = writer;
        writer.SavepointEveryWrite = true;
        var runs = new ConcurrentDictionary<string, int>();

        var (blocker, release) = await BlockerAsync(writer);
        var writes = new[] { "a", "fails", "b" }.Select(name => writer.WriteAsync(async scope =>
        {
            runs.AddOrUpdate(name, 1, (_, n) => n + 1);
            scope.Db.OutboxMessages.Add(Message(name));
            await scope.Db.SaveChangesAsync();
            if (name == "fails")
            {
                throw new InvalidOperationException("échoue après avoir écrit");
            }
        })).ToList();
        release.SetResult();
        await blocker;

        await Assert.ThrowsAsync<InvalidOperationException>(() => writes[1]);
        await Task.WhenAll(writes[0], writes[2]);
        Assert.All(runs, r => Assert.Equal(1, r.Value));
        Assert.Equal(0, writer.Counters.Undos);
        Assert.Equal(["\"a\"", "\"b\"", "\"blocker\""], await PayloadsAsync(database));
    }

    private static async Task<(SegurDatabase, DatabaseWriter)> OpenAsync(TestDatabase test)
    {
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        return (database, new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance));
    }

    /// <summary>
    /// A large write (it commits in a batch of its own) that holds the loop until released, so that the writes queued
    /// meanwhile make the next batch together.
    /// </summary>
    private static async Task<(Task Write, TaskCompletionSource Release)> BlockerAsync(DatabaseWriter writer)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var write = writer.WriteAsync(async scope =>
        {
            scope.Db.OutboxMessages.Add(Message("blocker"));
            await scope.Db.SaveChangesAsync();
            started.SetResult();
            await release.Task;
        }, large: true);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (write, release);
    }

    private static async Task<List<string>> PayloadsAsync(SegurDatabase database)
    {
        await using var db = database.CreateContext();
        return (await db.OutboxMessages.Select(m => m.Payload).ToListAsync()).Order(StringComparer.Ordinal).ToList();
    }

    private static OutboxMessage Message(string text) => new()
    {
        Id = Guid.NewGuid(), Type = "Test", Payload = $"\"{text}\"", CreatedAt = DateTime.UtcNow,
    };
}

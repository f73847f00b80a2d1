using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>
/// Every write goes through the writer: on SQLite a group commit in which each write has its own savepoint
/// (decision 0031), elsewhere a transaction of its own. Either way a write is all or nothing and durable when awaited.
/// </summary>
public sealed class DatabaseWriterTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task AFailingWrite_IsUndoneAlone_WhileTheWritesQueuedWithItAreSaved(DatabaseKind kind)
    {
        await using var test = await TestDatabase.CreateAsync(kind);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);

        var writes = Enumerable.Range(0, 40).Select(i => writer.WriteAsync(async scope =>
        {
            scope.Db.OutboxMessages.Add(Message($"message {i}"));
            await scope.Db.SaveChangesAsync();
            if (i % 10 == 3)
            {
                throw new InvalidOperationException($"write {i} fails after saving");
            }

            return i;
        })).ToList();
        var outcomes = await Task.WhenAll(writes.Select(async w =>
        {
            try
            {
                return (Saved: await w, Error: (string?)null);
            }
            catch (InvalidOperationException ex)
            {
                return (Saved: -1, Error: ex.Message);
            }
        }));

        Assert.Equal(["write 13 fails after saving", "write 23 fails after saving", "write 3 fails after saving", "write 33 fails after saving"],
            outcomes.Where(o => o.Error is not null).Select(o => o.Error!).Order(StringComparer.Ordinal));
        await using var db = database.CreateContext();
        var saved = await db.OutboxMessages.Select(m => m.Payload).ToListAsync();
        Assert.Equal(36, saved.Count);
        Assert.DoesNotContain("\"message 3\"", saved);
        Assert.Contains("\"message 4\"", saved);
        if (kind == DatabaseKind.Sqlite)
        {
            Assert.True(writer.Commits < 36, $"{writer.Commits} commits for 36 writes queued together: no group commit");
        }
    }

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task AWrite_CanDiscardWhatItDid_AndGoOnWriting(DatabaseKind kind)
    {
        await using var test = await TestDatabase.CreateAsync(kind);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);

        await writer.WriteAsync(async scope =>
        {
            scope.Db.OutboxMessages.Add(Message("undone"));
            await scope.Db.SaveChangesAsync();
            await scope.DiscardAsync();
            scope.Db.OutboxMessages.Add(Message("kept"));
            await scope.Db.SaveChangesAsync();
        });

        // Read on another connection: what the caller awaited is committed.
        await using var db = database.CreateContext();
        Assert.Equal(["\"kept\""], await db.OutboxMessages.Select(m => m.Payload).ToListAsync());
    }

    [Fact]
    public async Task AWriteCancelledWhileQueued_IsNotRun()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);
        var release = new TaskCompletionSource();
        var first = writer.WriteAsync(_ => release.Task);
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var second = writer.WriteAsync(_ =>
        {
            ran = true;
            return Task.CompletedTask;
        }, cancel.Token);

        await cancel.CancelAsync();
        release.SetResult();
        await first;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
        Assert.False(ran);
    }

    [Fact]
    public void OnPostgreSql_StatementsArePreparedAndSessionsNotReset_UnlessTheConnectionStringSaysOtherwise()
    {
        var defaults = new SegurDatabase(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=segur");
        Assert.Contains("Max Auto Prepare=20", defaults.ConnectionString);
        Assert.Contains("No Reset On Close=True", defaults.ConnectionString);

        var chosen = new SegurDatabase(DatabaseProvider.PostgreSql, "Host=127.0.0.1;Database=segur;Max Auto Prepare=0;No Reset On Close=false");
        Assert.Contains("Max Auto Prepare=0", chosen.ConnectionString);
        Assert.Contains("No Reset On Close=False", chosen.ConnectionString);
    }

    private static OutboxMessage Message(string text) => new()
    {
        Id = Guid.NewGuid(), Type = "Test", Payload = $"\"{text}\"", CreatedAt = DateTime.UtcNow,
    };
}

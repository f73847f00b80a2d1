using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>The writer under faults: transient errors are retried, a broken commit never stops it, a write inside a write fails at once.</summary>
public sealed class WriterFaultTests
{
    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task AWriteIssuedFromInsideAWrite_FailsAtOnce_WithAClearMessage(DatabaseKind kind)
    {
        await using var test = await TestDatabase.CreateAsync(kind);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);

        var outer = writer.WriteAsync(async scope =>
        {
            scope.Db.OutboxMessages.Add(Message("outer"));
            await scope.Db.SaveChangesAsync();
            await writer.WriteAsync(inner =>
            {
                inner.Db.OutboxMessages.Add(Message("inner"));
                return inner.Db.SaveChangesAsync();
            });
        });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => outer.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("depuis une autre écriture", error.Message);
        await writer.WriteAsync(scope =>
        {
            scope.Db.OutboxMessages.Add(Message("after"));
            return scope.Db.SaveChangesAsync();
        });
        await using var db = database.CreateContext();
        Assert.Equal(["\"after\""], await db.OutboxMessages.Select(m => m.Payload).ToListAsync());
    }

    [Fact]
    public async Task OnSqlite_AWriteThatFindsTheDatabaseLockedByAnotherProcess_IsRetried_AndSaved()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var connectionString = new SqliteConnectionStringBuilder(test.ConnectionString) { DefaultTimeout = 1 }.ToString();
        var database = new SegurDatabase(DatabaseProvider.Sqlite, connectionString);
        await database.MigrateAsync();
        var log = new RecordingLogger<DatabaseWriter>();
        await using var writer = new DatabaseWriter(database, log);
        await using var other = new SqliteConnection(connectionString);
        await other.OpenAsync();
        var lockHeld = other.BeginTransaction(deferred: false);

        var write = writer.WriteAsync(scope =>
        {
            scope.Db.OutboxMessages.Add(Message("saved despite the lock"));
            return scope.Db.SaveChangesAsync();
        });
        await log.WaitForAsync("SQLite is busy");
        lockHeld.Commit();

        await write.WaitAsync(TimeSpan.FromSeconds(30));
        await using var db = database.CreateContext();
        Assert.Equal(["\"saved despite the lock\""], await db.OutboxMessages.Select(m => m.Payload).ToListAsync());
    }

    [Fact]
    public async Task OnPostgreSql_TwoWritesThatDeadlock_AreRetried_AndBothSaved()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.PostgreSql);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        var (a, b) = (Message("a"), Message("b"));
        await using (var db = database.CreateContext())
        {
            db.OutboxMessages.AddRange(a, b);
            await db.SaveChangesAsync();
        }

        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);
        var firstLocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondLocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tries = 0;

        // Each write locks one row, waits until the other has locked the other row, then wants it: a deadlock.
        Task Crossed(Guid first, Guid second, TaskCompletionSource mine, TaskCompletionSource theirs) => writer.WriteAsync(async scope =>
        {
            var attempt = Interlocked.Increment(ref tries);
            await Bump(scope, first);
            if (attempt <= 2)
            {
                mine.TrySetResult();
                await theirs.Task;
            }

            await Bump(scope, second);
        });

        await Task.WhenAll(Crossed(a.Id, b.Id, firstLocked, secondLocked), Crossed(b.Id, a.Id, secondLocked, firstLocked)).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(tries >= 3, "no write was retried: the deadlock did not happen");
        await using var check = database.CreateContext();
        Assert.Equal([2, 2], await check.OutboxMessages.OrderBy(m => m.Payload).Select(m => m.Attempts).ToListAsync());
    }

    [Fact]
    public async Task OnSqlite_ACommitThatFails_FailsItsWrites_AndTheWriterGoesOn()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);

        // SQLite's commit hook turns this COMMIT into a ROLLBACK and COMMIT throws: a real failure while ending a transaction.
        var refused = writer.WriteAsync(async scope =>
        {
            scope.Db.OutboxMessages.Add(Message("refused at commit"));
            await scope.Db.SaveChangesAsync();
            var handle = ((SqliteConnection)scope.Db.Database.GetDbConnection()).Handle!;
            var once = 0;
            SQLitePCL.raw.sqlite3_commit_hook(handle, _ => Interlocked.Exchange(ref once, 1) == 0 ? 1 : 0, null);
        });
        await Assert.ThrowsAnyAsync<Exception>(() => refused.WaitAsync(TimeSpan.FromSeconds(20)));

        await writer.WriteAsync(scope =>
        {
            scope.Db.OutboxMessages.Add(Message("saved after"));
            return scope.Db.SaveChangesAsync();
        }).WaitAsync(TimeSpan.FromSeconds(20));
        await using var db = database.CreateContext();
        Assert.Equal(["\"saved after\""], await db.OutboxMessages.Select(m => m.Payload).ToListAsync());
    }

    private static Task<int> Bump(WriteScope scope, Guid id) =>
        scope.Db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Attempts, m => m.Attempts + 1));

    private static OutboxMessage Message(string text) => new()
    {
        Id = Guid.NewGuid(), Type = "Test", Payload = $"\"{text}\"", CreatedAt = DateTime.UtcNow,
    };
}

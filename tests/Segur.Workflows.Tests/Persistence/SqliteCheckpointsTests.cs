using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>
/// The write-ahead log is copied into the database beside the writer, not inside the commit that passes SQLite's threshold
/// (decision 0258): a write is answered without waiting for that copy, and the log stays bounded when the copies fall behind.
/// </summary>
public sealed class SqliteCheckpointsTests : IAsyncLifetime
{
    private TestDatabase _test = null!;
    private SegurDatabase _database = null!;
    private string _file = null!;

    public async Task InitializeAsync()
    {
        _test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        _database = new SegurDatabase(_test.Provider, _test.ConnectionString);
        await _database.MigrateAsync();
        _file = new SqliteConnectionStringBuilder(_test.ConnectionString).DataSource;
    }

    public async Task DisposeAsync() => await _test.DisposeAsync();

    [Fact]
    public async Task CommitsPastTheThreshold_AreAnsweredBeforeTheLogIsCopied_ThenTheCopyIsMadeBesideTheWriter()
    {
        var held = new TaskCompletionSource();
        await using var writer = new DatabaseWriter(_database, NullLogger<DatabaseWriter>.Instance);
        // With SQLite's own checkpoint, each commit past 1,000 pages (4 MB) would copy the log before returning.
        var checkpoints = new SqliteCheckpoints(_database.ConnectionString, NullLogger.Instance) { Held = held.Task };
        writer.Checkpoints = checkpoints;
        var copied = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        checkpoints.Checkpointed += () => copied.TrySetResult();
        var before = DatabaseBytes();

        await WriteMegabytesAsync(writer, 20);

        Assert.Equal(before, DatabaseBytes());
        Assert.True(LogBytes() > 20 * 1024 * 1024, $"log of {LogBytes()} bytes");
        held.SetResult();
        await copied.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(DatabaseBytes() > before + 16 * 1024 * 1024, $"database of {DatabaseBytes()} bytes, {before} before");
        Assert.Equal(20, await FillerRowsAsync());
    }

    [Fact]
    public async Task WhenTheCopiesFallBehind_TheWriterCopiesTheLogItself_AndTheLogStaysBounded()
    {
        var held = new TaskCompletionSource();
        await using var writer = new DatabaseWriter(_database, NullLogger<DatabaseWriter>.Instance);
        var checkpoints = new SqliteCheckpoints(_database.ConnectionString, NullLogger.Instance) { Pages = 50, WriterLimit = 600, Held = held.Task };
        writer.Checkpoints = checkpoints;
        var copiesBeside = 0;
        checkpoints.Checkpointed += () => Interlocked.Increment(ref copiesBeside);
        var before = DatabaseBytes();
        try
        {
            // 12 MB in writes of 1 MB (about 260 pages each), none copied beside the writer.
            await WriteMegabytesAsync(writer, 12);

            Assert.Equal(0, Volatile.Read(ref copiesBeside));
            Assert.True(DatabaseBytes() > before + 8 * 1024 * 1024, $"database of {DatabaseBytes()} bytes, {before} before");
            Assert.True(LogBytes() < 4 * 1024 * 1024, $"log of {LogBytes()} bytes for 12 MB written");
            Assert.Equal(12, await FillerRowsAsync());
        }
        finally
        {
            held.SetResult();
        }
    }

    private static async Task WriteMegabytesAsync(DatabaseWriter writer, int megabytes)
    {
        await writer.WriteAsync(scope => scope.Db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS Filler (Data BLOB)"));
        for (var i = 0; i < megabytes; i++)
        {
            await writer.WriteAsync(scope => scope.Db.Database.ExecuteSqlRawAsync("INSERT INTO Filler VALUES (randomblob(1048576))"), large: true);
        }
    }

    private async Task<long> FillerRowsAsync()
    {
        await using var db = _database.CreateContext();
        return await db.Database.SqlQueryRaw<long>("SELECT count(*) AS Value FROM Filler").SingleAsync();
    }

    private long DatabaseBytes() => new FileInfo(_file).Length;

    private long LogBytes() => new FileInfo(_file + "-wal").Length;
}

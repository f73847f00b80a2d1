using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>The SQLite backup is taken while writes go on, is consistent, and never overwrites a file.</summary>
public sealed class SqliteBackupTests
{
    [Fact]
    public async Task ABackupTakenWhileWritesGoOn_IsAWholeConsistentDatabase_AndTheWritesAreNotStopped()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);
        using var stop = new CancellationTokenSource();
        var written = 0;
        var writes = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await writer.WriteAsync(scope =>
                {
                    scope.Db.OutboxMessages.Add(new OutboxMessage { Id = Guid.NewGuid(), Type = "Test", Payload = "{}", CreatedAt = DateTime.UtcNow });
                    return scope.Db.SaveChangesAsync();
                });
                Interlocked.Increment(ref written);
            }
        });
        while (Volatile.Read(ref written) < 50)
        {
            await Task.Yield();
        }

        var target = Path.Combine(test.Folder, "sauvegardes", "segur-backup.db");
        var bytes = await SqliteBackup.BackupAsync(test.ConnectionString, target);
        var afterBackup = Volatile.Read(ref written);
        while (Volatile.Read(ref written) < afterBackup + 20)
        {
            await Task.Yield();
        }

        await stop.CancelAsync();
        await writes;

        Assert.True(bytes > 0);
        var copy = new SegurDatabase(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        await using (var db = copy.CreateContext())
        {
            var rows = await db.OutboxMessages.CountAsync();
            Assert.InRange(rows, 50, written);
        }

        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteBackup.BackupAsync(test.ConnectionString, target));
        Assert.Contains("existe déjà", again.Message);
    }
}

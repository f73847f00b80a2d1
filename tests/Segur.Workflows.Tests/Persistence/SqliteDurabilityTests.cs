using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>The embedded database's promise: a committed fire survives a power cut.</summary>
public sealed class SqliteDurabilityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("segur-sqlite-").FullName;

    [Fact]
    public async Task TheEmbeddedDatabase_CommitsDurably_InWriteAheadLogMode_WithForeignKeys()
    {
        var database = SegurDatabase.Sqlite(Path.Combine(_folder, "segur.db"));
        await database.MigrateAsync();

        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync();
        Assert.Equal("wal", await Scalar(db, "PRAGMA journal_mode"));
        Assert.Equal("2", await Scalar(db, "PRAGMA synchronous")); // FULL: fsync at each commit
        Assert.Equal("1", await Scalar(db, "PRAGMA foreign_keys"));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private static async Task<string?> Scalar(SegurDbContext db, string sql)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

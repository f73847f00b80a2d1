using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Segur.Workflows.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}

/// <summary>
/// Creates contexts for the configured provider. One instance per process: it holds the built options,
/// so creating a context is cheap.
/// </summary>
public sealed class SegurDatabase
{
    private readonly Func<SegurDbContext> _create;

    public SegurDatabase(DatabaseProvider provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _create = provider switch
        {
            DatabaseProvider.Sqlite => Build<SqliteSegurDbContext>(
                b => b.UseSqlite(WithSqliteDefaults(connectionString))),
            DatabaseProvider.PostgreSql => Build<PostgreSqlSegurDbContext>(
                b => b.UseNpgsql(connectionString)),
            DatabaseProvider.SqlServer => Build<SqlServerSegurDbContext>(
                b => b.UseSqlServer(connectionString)),
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public SegurDbContext CreateContext() => _create();

    public static SegurDatabase Sqlite(string file) =>
        new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString());

    /// <summary>Applies pending migrations; on SQLite also turns on write-ahead logging (kept in the file).</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        if (Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(ConnectionString).DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    private static Func<SegurDbContext> Build<TContext>(Action<DbContextOptionsBuilder<TContext>> configure)
        where TContext : SegurDbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        configure(builder);

        // Pooled: a fire rents a context instead of building one (a measurable share of a fire's CPU).
        var pool = new PooledDbContextFactory<TContext>(builder.Options, poolSize: 256);
        return pool.CreateDbContext;
    }

    /// <summary>
    /// Foreign keys on, pooled connections. Commits are durable with SQLite's own default (synchronous FULL, checked by a
    /// test): no PRAGMA is sent on each open, which would cost a round trip per fire.
    /// </summary>
    private static string WithSqliteDefaults(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, Pooling = true }.ToString();
}

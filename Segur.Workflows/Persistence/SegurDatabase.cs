using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

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
                b => b.UseSqlite(connectionString).AddInterceptors(SqlitePragmas.Instance), o => new SqliteSegurDbContext(o)),
            DatabaseProvider.PostgreSql => Build<PostgreSqlSegurDbContext>(
                b => b.UseNpgsql(connectionString), o => new PostgreSqlSegurDbContext(o)),
            DatabaseProvider.SqlServer => Build<SqlServerSegurDbContext>(
                b => b.UseSqlServer(connectionString), o => new SqlServerSegurDbContext(o)),
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

    private static Func<SegurDbContext> Build<TContext>(
        Action<DbContextOptionsBuilder<TContext>> configure, Func<DbContextOptions<TContext>, TContext> create)
        where TContext : SegurDbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        configure(builder);
        var options = builder.Options;
        return () => create(options);
    }

    /// <summary>Durable commits (synchronous FULL) and foreign keys on every SQLite connection.</summary>
    private sealed class SqlitePragmas : DbConnectionInterceptor
    {
        public static readonly SqlitePragmas Instance = new();

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
            command.ExecuteNonQuery();
        }
    }
}

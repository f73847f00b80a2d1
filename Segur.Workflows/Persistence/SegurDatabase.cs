using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

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
    private readonly Lazy<Func<SegurDbContext>> _create;
    private readonly Lazy<Func<SegurDbContext>> _withoutConnection;
    private readonly bool _compiledModel;
    private Microsoft.EntityFrameworkCore.Storage.IRelationalTypeMappingSource? _typeMappings;

    /// <param name="compiledModel">
    /// Use the model generated in Persistence/CompiledModels instead of building it from the configurations at the first
    /// context (about 2 s of CPU at start-up, decision 0140). Only the design-time factories, which generate it, say no.
    /// </param>
    public SegurDatabase(DatabaseProvider provider, string connectionString, bool compiledModel = true)
    {
        _compiledModel = compiledModel;
        Provider = provider;
        ConnectionString = provider switch
        {
            DatabaseProvider.Sqlite => WithSqliteDefaults(connectionString),
            DatabaseProvider.PostgreSql => WithPostgreSqlDefaults(connectionString),
            DatabaseProvider.SqlServer => connectionString,
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };

        // Built at the first context, not here: the compiled model's initialization and the pool's activator (a compiled
        // expression) then run on the Host's preparation thread, beside the rest of its start-up (decision 0210).
        _create = new Lazy<Func<SegurDbContext>>(() => provider switch
        {
            DatabaseProvider.Sqlite => Build<SqliteSegurDbContext>(b => b.UseSqlite(ConnectionString)),
            DatabaseProvider.PostgreSql => Build<PostgreSqlSegurDbContext>(b => b.UseNpgsql(ConnectionString)),
            _ => Build<SqlServerSegurDbContext>(b => b.UseSqlServer(ConnectionString)),
        });
        _withoutConnection = new Lazy<Func<SegurDbContext>>(() => provider == DatabaseProvider.PostgreSql
            ? Build<PostgreSqlSegurDbContext>(b => b.UseNpgsql())
            : throw new NotSupportedException("Only the PostgreSQL writer gives its own connection to a context."));
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The connection string as used: the configured one with the provider's defaults added.</summary>
    public string ConnectionString { get; }

    public SegurDbContext CreateContext() => _create.Value();

    /// <summary>
    /// The provider's EF type mappings (a service of the contexts, the same for all of them), for SQL written by hand that
    /// must store values exactly as EF does, without a context at hand (the engine's fires on the SQLite writer loop).
    /// </summary>
    internal Microsoft.EntityFrameworkCore.Storage.IRelationalTypeMappingSource TypeMappings
    {
        get
        {
            if (_typeMappings is null)
            {
                using var db = CreateContext();
                _typeMappings = db.GetService<Microsoft.EntityFrameworkCore.Storage.IRelationalTypeMappingSource>();
            }

            return _typeMappings;
        }
    }

    /// <summary>
    /// Contexts that all use <paramref name="connection"/> (kept open by the caller, e.g. the SQLite writer loop);
    /// pooled, so renting one per write costs almost nothing.
    /// </summary>
    public Func<SegurDbContext> ContextsOn(DbConnection connection) => Provider switch
    {
        DatabaseProvider.Sqlite => Build<SqliteSegurDbContext>(b => b.UseSqlite(connection)),
        DatabaseProvider.PostgreSql => Build<PostgreSqlSegurDbContext>(b => b.UseNpgsql(connection)),
        _ => Build<SqlServerSegurDbContext>(b => b.UseSqlServer(connection)),
    };

    /// <summary>
    /// PostgreSQL: a pooled context on <paramref name="connection"/>, opened and owned by the caller (the writer's own
    /// connection, decision 0223). The pool's contexts have no connection of their own: each rent is given the caller's, and
    /// returning one to the pool neither closes nor disposes it.
    /// </summary>
    internal SegurDbContext ContextOn(DbConnection connection)
    {
        var db = _withoutConnection.Value();
        db.Database.SetDbConnection(connection, contextOwnsConnection: false);
        return db;
    }

    public static SegurDatabase Sqlite(string file) =>
        new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = file, Pooling = true, DefaultTimeout = 30 }.ToString());

    /// <summary>A SQLite database whose file does not exist yet or is empty: the next <see cref="MigrateAsync"/> creates it.</summary>
    public bool IsNewSqliteFile()
    {
        if (Provider != DatabaseProvider.Sqlite)
        {
            return false;
        }

        var file = new FileInfo(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
        return !file.Exists || file.Length == 0;
    }

    /// <summary>
    /// Applies pending migrations; on SQLite also turns on write-ahead logging (kept in the file), and creates a new
    /// database from <see cref="SqliteSchemaScript"/>.
    /// </summary>
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

            // A new database: the whole schema from one script instead of EF building its models (decision 0170).
            await SqliteSchemaScript.TryCreateAsync(ConnectionString, cancellationToken);
        }

        // An up-to-date database (every start but the first after a release) costs one plain query on the history table
        // (decisions 0140, 0210): MigrateAsync would build the last migration's snapshot model and compare it with ours, and
        // even EF's GetPendingMigrationsAsync builds a model of the history table through the whole convention set first.
        if (await IsUpToDateAsync(db, cancellationToken))
        {
            return;
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>
    /// Every migration of this build is in the history table: the same test as GetPendingMigrationsAsync, with the table
    /// read by plain SQL under the names EF gives it (nothing here renames them). A database without the table (a new
    /// PostgreSQL or SQL Server one: Npgsql's history repository does not answer EF's "exists" question) answers with an
    /// error, read as "nothing applied".
    /// </summary>
    private static async Task<bool> IsUpToDateAsync(SegurDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = """SELECT "MigrationId" FROM "__EFMigrationsHistory";""";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }
        catch (DbException)
        {
            return false;
        }

        return db.GetService<IMigrationsAssembly>().Migrations.Keys.All(applied.Contains);
    }

    /// <summary>The generated model of a provider's context (Persistence/CompiledModels; regenerated as decision 0140 says).</summary>
    public static IModel CompiledModel(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => CompiledModels.Sqlite.SqliteSegurDbContextModel.Instance,
        DatabaseProvider.PostgreSql => CompiledModels.PostgreSql.PostgreSqlSegurDbContextModel.Instance,
        DatabaseProvider.SqlServer => CompiledModels.SqlServer.SqlServerSegurDbContextModel.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    private Func<SegurDbContext> Build<TContext>(Action<DbContextOptionsBuilder<TContext>> configure)
        where TContext : SegurDbContext
    {
        var builder = new DbContextOptionsBuilder<TContext>();
        configure(builder);
        if (_compiledModel)
        {
            builder.UseModel(CompiledModel(Provider));
        }

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

    /// <summary>
    /// Unless the connection string says otherwise: Npgsql prepares the statements a connection runs repeatedly (the
    /// fire's four statements are then neither parsed nor planned again), and a pooled connection is not reset when
    /// it goes back to the pool. Together +63 % fires/s with 8 workers (docs/benchmarks.md). Skipping the reset is
    /// safe because nothing here leaves state on a session: no SET, LISTEN, session-level advisory lock (the import's is
    /// transaction-level) or temporary table.
    /// </summary>
    private static string WithPostgreSqlDefaults(string connectionString)
    {
        // The keys as written (Npgsql's own builder answers "contains" for every keyword it knows).
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())
            .ToHashSet();
        var result = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("MAXAUTOPREPARE"))
        {
            result.MaxAutoPrepare = 20;
        }

        if (!given.Contains("AUTOPREPAREMINUSAGES"))
        {
            result.AutoPrepareMinUsages = 2;
        }

        if (!given.Contains("NORESETONCLOSE"))
        {
            result.NoResetOnClose = true;
        }

        return result.ConnectionString;
    }
}

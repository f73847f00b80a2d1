using Npgsql;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Tests.TestSupport;

public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// A fresh database for one test fixture: a SQLite file, or a new database on the real PostgreSQL server
/// that ./test.sh starts (SEGUR_TEST_POSTGRES). Never a silent fallback: without the server, the test fails.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresAdmin;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseKind kind, string connectionString, string folder, string? postgresAdmin = null, string? postgresName = null)
    {
        Kind = kind;
        ConnectionString = connectionString;
        Folder = folder;
        _postgresAdmin = postgresAdmin;
        _postgresName = postgresName;
    }

    public DatabaseKind Kind { get; }

    public string ConnectionString { get; }

    /// <summary>A private folder for this fixture (data directory: SQLite file, mail pickup...).</summary>
    public string Folder { get; }

    public DatabaseProvider Provider => Kind == DatabaseKind.Sqlite ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql;

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind)
    {
        var folder = Directory.CreateTempSubdirectory("segur-test-").FullName;
        if (kind == DatabaseKind.Sqlite)
        {
            return new TestDatabase(kind, $"Data Source={Path.Combine(folder, "segur.db")};Pooling=True;Default Timeout=30", folder);
        }

        var admin = Environment.GetEnvironmentVariable("SEGUR_TEST_POSTGRES");
        if (string.IsNullOrEmpty(admin))
        {
            throw new InvalidOperationException(
                "SEGUR_TEST_POSTGRES is not set: run the tests with ./test.sh, which starts PostgreSQL on 127.0.0.1 (or ./test.sh --servers-only).");
        }

        var name = "segur_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(kind, builder.ToString(), folder, admin, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresAdmin is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(_postgresAdmin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a pooled connection: the temp folder is cleaned by the OS.
        }
    }
}

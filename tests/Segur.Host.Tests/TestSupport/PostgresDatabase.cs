using Npgsql;

namespace Segur.Host.Tests.TestSupport;

/// <summary>
/// A fresh database on the real PostgreSQL server that ./test.sh starts (SEGUR_TEST_POSTGRES), for a Host run on PostgreSQL;
/// dropped at the end. Never a silent fallback to SQLite: without the server, the test fails.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private PostgresDatabase(string admin, string name, string connectionString) => (_admin, _name, ConnectionString) = (admin, name, connectionString);

    public string ConnectionString { get; }

    /// <summary>The Host's configuration for this database (demo accounts on, as on SQLite).</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Segur:Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:Segur"] = ConnectionString,
        ["Segur:Demo:Enabled"] = "true",
    };

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable("SEGUR_TEST_POSTGRES");
        Assert.False(string.IsNullOrEmpty(admin),
            "SEGUR_TEST_POSTGRES n'est pas défini : lancez les tests avec ./test.sh, qui démarre PostgreSQL sur 127.0.0.1 (ou ./test.sh --servers-only).");
        var name = "segur_host_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new PostgresDatabase(admin!, name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

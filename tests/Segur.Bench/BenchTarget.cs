using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Segur.Workflows.Persistence;

namespace Segur.Bench;

/// <summary>A database server (or SQLite) on which each run gets a fresh, empty database.</summary>
internal interface IBenchTarget
{
    string Name { get; }

    DatabaseProvider Provider { get; }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    Task<string> CreateAsync();

    Task DropAsync(string connectionString);

    /// <summary>Server side description (version, durability settings) printed with the results.</summary>
    Task<string> DescribeAsync();

    /// <summary>The local server's main process, whose CPU is measured with its children's; null when none.</summary>
    Task<int?> ServerPidAsync();
}

/// <summary>A new file in a temporary folder per run, through <see cref="SegurDatabase"/> (WAL set by its migration; synchronous FULL).</summary>
internal sealed class SqliteTarget : IBenchTarget
{
    private readonly string _folder = Directory.CreateTempSubdirectory("segur-bench-").FullName;

    public string Name => "SQLite";

    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public Task<string> CreateAsync()
    {
        var file = Path.Combine(_folder, $"bench-{Guid.NewGuid():N}.db");
        return Task.FromResult(SegurDatabase.Sqlite(file).ConnectionString);
    }

    public Task DropAsync(string connectionString)
    {
        SqliteConnection.ClearAllPools();
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        foreach (var path in new[] { file, file + "-wal", file + "-shm" })
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }

    public async Task<string> DescribeAsync()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version()";
        return $"SQLite {await command.ExecuteScalarAsync()}, WAL, synchronous=FULL, file in {_folder}";
    }

    public Task<int?> ServerPidAsync() => Task.FromResult<int?>(null);

    public void DeleteFolder()
    {
        if (Environment.GetEnvironmentVariable("SEGUR_BENCH_KEEP") != "1") // TableWorld: a database kept to look at its plans
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

/// <summary>CREATE DATABASE bench_&lt;random&gt; per run through the given connection, DROP ... WITH (FORCE) after.</summary>
internal sealed class PostgresTarget(string adminConnectionString) : IBenchTarget
{
    public string Name => "PostgreSQL";

    public DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public async Task<string> CreateAsync()
    {
        var name = $"bench_{Guid.NewGuid():N}"[..20];
        await ExecuteAsync($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ToString();
    }

    public async Task DropAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    public async Task<string> DescribeAsync()
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        var settings = new List<string>();
        foreach (var setting in new[] { "server_version", "fsync", "synchronous_commit", "wal_sync_method", "full_page_writes", "shared_buffers" })
        {
            await using var command = new NpgsqlCommand($"SHOW {setting}", connection);
            settings.Add($"{setting}={await command.ExecuteScalarAsync()}");
        }

        return "PostgreSQL " + string.Join(", ", settings);
    }

    /// <summary>The parent of a backend is the postmaster (found only when the server runs on this machine).</summary>
    public async Task<int?> ServerPidAsync()
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)(await command.ExecuteScalarAsync())!;
        var stat = Path.Combine("/proc", backend.ToString(CultureInfo.InvariantCulture), "stat");
        if (!File.Exists(stat))
        {
            return null;
        }

        var text = await File.ReadAllTextAsync(stat);
        return int.Parse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Operations;

/// <summary>
/// Host processes sharing one database (PostgreSQL, a fresh database per cluster, or one SQLite file), one data folder
/// (data-protection keys, uploaded files) and, on PostgreSQL, one RabbitMQ broker; e-mails go to a real SMTP server.
/// The first Host creates the demo accounts. The test reads the database directly to check what the Hosts left.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, string> _settings;
    private readonly string? _postgresDatabase;
    private ServiceProvider? _services;

    private ProcessCluster(Dictionary<string, string> settings, string? postgresDatabase)
    {
        (_settings, _postgresDatabase) = (settings, postgresDatabase);
    }

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("segur-processes-").FullName;

    // Kept with the screenshots after the run, to read what a Host said before a failure.
    private readonly string _logs = Directory.CreateDirectory(Path.Combine(Chromium.ArtifactsFolder, "processus", Guid.NewGuid().ToString("N")[..8])).FullName;

    public Mailbox Mailbox { get; } = new();

    public List<HostProcess> Hosts { get; } = [];

    public DemoAccounts Demo { get; private set; } = default!;

    public static async Task<ProcessCluster> StartAsync(bool postgreSql, int hosts, IReadOnlyDictionary<string, string>? more = null)
    {
        string? database = null;
        var settings = new Dictionary<string, string>();
        if (postgreSql)
        {
            var server = Environment.GetEnvironmentVariable("SEGUR_TEST_POSTGRES")
                ?? throw new InvalidOperationException("SEGUR_TEST_POSTGRES n'est pas défini : lancez les tests avec ./test.sh.");
            var rabbitMq = Environment.GetEnvironmentVariable("SEGUR_TEST_RABBITMQ")
                ?? throw new InvalidOperationException("SEGUR_TEST_RABBITMQ n'est pas défini : lancez les tests avec ./test.sh.");
            database = "segur_processes_" + Guid.NewGuid().ToString("N")[..10];
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                await create.ExecuteNonQueryAsync();
            }

            settings["Segur__Database__Provider"] = "PostgreSql";
            settings["ConnectionStrings__Segur"] = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
            settings["Segur__Bus__RabbitMq"] = rabbitMq;
        }
        else
        {
            settings["Segur__Database__Provider"] = "Sqlite";
        }

        var cluster = new ProcessCluster(settings, database);
        settings["Segur__DataDirectory"] = cluster.DataDirectory;
        settings["Segur__Mail__SmtpHost"] = "127.0.0.1";
        settings["Segur__Mail__SmtpPort"] = cluster.Mailbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Segur__Demo__DepositedRequests"] = "false";
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        for (var i = 0; i < hosts; i++)
        {
            // One Host creates the demo accounts, then the others join the same database.
            var own = new Dictionary<string, string>(settings) { ["Segur__Demo__Enabled"] = i == 0 ? "true" : "false" };
            cluster.Hosts.Add(await HostProcess.StartAsync($"hote-{(char)('a' + i)}", own, cluster._logs));
        }

        // The first Host writes the file once its demo data exist, a moment after it answers (decision 0170).
        var credentials = Path.Combine(cluster.DataDirectory, "demo-credentials.json");
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(credentials))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Les données de démonstration n'ont pas été créées :\n{cluster.Logs()}");
            }

            await Task.Delay(50);
        }

        cluster.Demo = JsonSerializer.Deserialize<DemoAccounts>(await File.ReadAllTextAsync(credentials), s_json)!;
        return cluster;
    }

    /// <summary>The database the Hosts share, read directly.</summary>
    public SegurDbContext Database()
    {
        if (_services is null)
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(_settings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value))
                .Build();
            _services = new ServiceCollection().AddLogging().AddSegurWorkflows(configuration).BuildServiceProvider();
        }

        return _services.GetRequiredService<SegurDatabase>().CreateContext();
    }

    /// <summary>The Hosts' logs, for a failure message.</summary>
    public string Logs() => string.Join("\n", Hosts.Select(h => $"==== {h.Name}\n{Tail(h.Log())}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Hosts)
        {
            await host.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Mailbox.DisposeAsync();
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("SEGUR_TEST_POSTGRES"));
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held: the temp folder is cleaned by the OS.
        }
    }

    private static string Tail(string log) => log.Length > 6000 ? log[^6000..] : log;
}

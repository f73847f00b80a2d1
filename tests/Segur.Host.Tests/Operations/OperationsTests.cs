using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Operations;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Operations;

/// <summary>What operators rely on: the backup command, telemetry exported when configured, a clear 503 without the database.</summary>
public sealed class OperationsTests
{
    [Fact]
    public async Task TheBackupCommand_CopiesTheRunningHostsDatabase_AndRefusesPostgreSql()
    {
        await using var app = SegurApp.Start();
        var target = Path.Combine(app.DataDirectory, "sauvegarde.db");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Segur:DataDirectory"] = app.DataDirectory }).Build();
        using var output = new StringWriter();

        Assert.Equal(0, await BackupCommand.RunAsync(["--backup", target], configuration, output));
        Assert.Contains("intégrité vérifiée", output.ToString());
        await using (var copy = new SqliteConnection($"Data Source={target};Pooling=False"))
        {
            await copy.OpenAsync();
            await using var count = copy.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM \"AspNetUsers\"";
            Assert.True((long)(await count.ExecuteScalarAsync())! >= 4);
        }

        var postgres = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Segur:DataDirectory"] = app.DataDirectory, ["Segur:Database:Provider"] = "PostgreSql", ["ConnectionStrings:Segur"] = "Host=127.0.0.1",
        }).Build();
        using var refused = new StringWriter();
        Assert.Equal(2, await BackupCommand.RunAsync(["--backup", target + "2"], postgres, refused));
        Assert.Contains("pg_dump", refused.ToString());
    }

    [Fact]
    public async Task WithAnOtlpEndpoint_FiresAreExportedAsTracesAndMetrics()
    {
        await using var collector = new OtlpCollector();
        await using var app = SegurApp.Start(new Dictionary<string, string?>
        {
            ["Segur:Telemetry:OtlpEndpoint"] = collector.Address, ["Segur:Telemetry:MetricsInterval"] = "00:00:01",
        });
        var request = await FinancingRequests.CreateAsync(app, app.Demo.Suppliers[0], "ED-OTEL");
        await FinancingRequests.CompleteAsync(app, app.Demo.Suppliers[0], request);

        await collector.WaitForAsync("/v1/traces", "segur.workflow.fire");
        await collector.WaitForAsync("/v1/metrics", "segur.workflow.fires");
    }

    /// <summary>A minimal OTLP/HTTP receiver on 127.0.0.1: keeps each request's path and body.</summary>
    private sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
        private readonly Task _loop;

        public OtlpCollector()
        {
            var port = FreePort();
            Address = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Address + "/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Address { get; }

        public async Task WaitForAsync(string path, string text)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            var bytes = Encoding.UTF8.GetBytes(text);
            while (!_received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(bytes) >= 0))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"No export to {path} mentioned {text} ({_received.Count} received).");
                }

                await Task.Delay(50);
            }
        }

        public async ValueTask DisposeAsync()
        {
            // Close alone (it stops too): after Stop, the managed HttpListener's Close looked its port up again, bound a new
            // endpoint listener to remove it, and that one's first accept failed (ArgumentNullException in Monitor.Enter).
            _listener.Close();
            try
            {
                await _loop;
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or IOException)
            {
                // a request cut by the close: the test has its answer already
            }
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

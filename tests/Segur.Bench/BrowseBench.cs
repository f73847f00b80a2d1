using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Bench;

/// <summary>
/// Item 7 of issue 11: the Host's memory while 50 users browse the requests table. The built Host is started as a process
/// on a fresh data folder (SQLite, demo accounts), stopped, its database filled by <see cref="TableWorld.SeedAsync"/> (the
/// demo supplier gets <c>requests</c> of <c>total</c> requests over 50 suppliers), started again; then <c>users</c> HTTP
/// clients page <c>GET /api/v1/requests</c> with the demo supplier's token (mixed filters, orders and pages, each client
/// one request after the other) for <c>seconds</c>, while the Host's working set is sampled every 50 ms. Prints the
/// working set at rest and at its peak, answers per second and their latency.
/// <c>dotnet run -c Release --project tests/Segur.Bench -- browse [--quick] [--users 50] [--seconds 30] [--requests 100000]
/// [--total 1000000] [--host path/Segur.Host.dll]</c>; build the Host first (<c>dotnet build Segur.Host -c Release</c>).
/// <c>--quick</c>: 5,000 of 20,000 requests, 10 s.
/// </summary>
internal static class BrowseBench
{
    private static readonly TimeSpan s_startLimit = TimeSpan.FromSeconds(180);

    private static readonly string[] s_queries =
    [
        "", "statut=En%20cours", "statut=Rejet%C3%A9e&statut=Annul%C3%A9e", "type=solde", "typeLogiciel=DPI&typeLogiciel=RIS",
        "historisee=true", "etatPaiement=Paiement%20effectu%C3%A9", "etatPaiement=Aucun%20paiement%20en%20cours", "numero=BDC-2026-0012",
        "statut=Valid%C3%A9e&typeLogiciel=LGC",
    ];

    private static readonly string[] s_orders =
        ["dateDepot", "numeroAsp", "numeroEditeur", "type", "logiciel", "numeroAns", "statut", "montantDeclare", "montantRetenu", "montantDecide"];

    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int quick, int full) => Option(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : args.Contains("--quick") ? quick : full;
        var host = Option("--host") ?? DefaultHost();
        if (host is null || !File.Exists(host))
        {
            Console.Error.WriteLine($"Host introuvable ({host ?? "Segur.Host/bin/Release/net10.0/Segur.Host.dll"}) : construisez-le d'abord (dotnet build Segur.Host -c Release) ou donnez --host.");
            return 2;
        }

        var (users, seconds, ofSupplier, total) = (Number("--users", 50, 50), Number("--seconds", 10, 30), Number("--requests", 5_000, 100_000), Number("--total", 20_000, 1_000_000));
        Console.WriteLine($"{MachineInfo.Describe()}\nHost {host}; {users} users for {seconds} s over {ofSupplier:N0} requests of the supplier among {total:N0}");
        var folder = Directory.CreateTempSubdirectory("segur-browse-bench-").FullName;
        try
        {
            var supplier = await PrepareAsync(host, folder, ofSupplier, total);
            if (supplier is null)
            {
                return 3;
            }

            // The Host again, at rest, then under the users' browsing.
            await using var server = await HostProcess.StartAsync(host, folder);
            if (server is null)
            {
                return 3;
            }

            return await BrowseAsync(server, supplier.ApiToken, users, TimeSpan.FromSeconds(seconds));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The demo supplier whose table is filled: its sign-in and its API token.</summary>
    internal sealed record DemoSupplier(string Uid, string Password, string ApiToken);

    /// <summary>
    /// A data folder for the built Host: the Host makes its database and demo accounts, stops, and the demo supplier gets
    /// <paramref name="ofSupplier"/> of <paramref name="total"/> requests over 50 suppliers (<see cref="TableWorld.SeedAsync"/>).
    /// Null (with the reason printed) when the Host did not start.
    /// </summary>
    internal static async Task<DemoSupplier?> PrepareAsync(string host, string folder, int ofSupplier, int total)
    {
        DemoSupplier supplier;
        await using (var first = await HostProcess.StartAsync(host, folder))
        {
            if (first is null)
            {
                return null;
            }

            // The demo accounts are made once the Host answers (decision 0170); the file is written last.
            var file = Path.Combine(folder, "demo-credentials.json");
            var waited = Stopwatch.StartNew();
            while (!File.Exists(file))
            {
                if (waited.Elapsed > s_startLimit)
                {
                    Console.Error.WriteLine($"Le Host n'a pas écrit {file} en {s_startLimit.TotalSeconds:N0} s.");
                    return null;
                }

                await Task.Delay(100);
            }

            using var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            var demo = credentials.RootElement.GetProperty("suppliers")[0];
            supplier = new DemoSupplier(demo.GetProperty("uid").GetString()!, demo.GetProperty("password").GetString()!, demo.GetProperty("apiToken").GetString()!);
        }

        // The requests, written straight into its database.
        var seeding = Stopwatch.StartNew();
        var database = SegurDatabase.Sqlite(Path.Combine(folder, "segur.db"));
        await using (var db = database.CreateContext())
        {
            var demo = await db.Suppliers.OrderBy(s => s.CreatedAt).Select(s => new { s.Id, s.Denomination, s.Siret }).FirstAsync();
            var suppliers = new List<(Guid, string, string)> { (demo.Id, demo.Denomination, demo.Siret) };
            suppliers.AddRange(Enumerable.Range(1, TableWorld.Suppliers - 1).Select(i => (Guid.CreateVersion7(), $"Éditeur Santé {i:00} SAS", $"8412345{i:00}00011")));
            await TableWorld.SeedAsync(database, suppliers, ofSupplier, total);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Console.WriteLine($"  seeded in {seeding.Elapsed.TotalSeconds:N0} s; database {new FileInfo(Path.Combine(folder, "segur.db")).Length / 1e6:N0} MB");
        return supplier;
    }

    private static async Task<int> BrowseAsync(HostProcess server, string token, int users, TimeSpan duration)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = users }) { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using (var probe = await http.GetAsync("/api/v1/requests?page=1&taille=20"))
        {
            if (!probe.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"GET /api/v1/requests : {(int)probe.StatusCode} {await probe.Content.ReadAsStringAsync()}");
                return 3;
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // measured at rest: what start-up and one page left behind
        var rest = server.WorkingSet();
        var peak = rest;
        var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peak = Math.Max(peak, server.WorkingSet());
                await Task.Delay(50);
            }
        });

        var before = CpuSample.Take();
        var hostBefore = server.Cpu();
        var watch = Stopwatch.StartNew();
        var times = new List<double>();
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, users).Select(user => Task.Run(async () =>
        {
            var random = new Random(user);
            var mine = new List<double>();
            while (watch.Elapsed < duration)
            {
                var query = s_queries[random.Next(s_queries.Length)];
                var page = random.Next(10) switch { < 5 => 1, < 7 => 2, < 9 => random.Next(3, 20), _ => random.Next(20, 250) };
                var url = $"/api/v1/requests?page={page}&taille=20&tri={s_orders[random.Next(s_orders.Length)]}&ordre={(random.Next(2) == 0 ? "asc" : "desc")}{(query.Length > 0 ? "&" + query : "")}";
                var one = Stopwatch.StartNew();
                using var response = await http.GetAsync(url);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(one.Elapsed.TotalMilliseconds);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }

            lock (times)
            {
                times.AddRange(mine);
            }
        })));
        var elapsed = watch.Elapsed;
        var hostCpu = server.Cpu() - hostBefore;
        // The Host is another process: its CPU is taken out of "other".
        var other = Math.Max(0, Scenarios.OtherPercent(CpuSample.Take() - before, elapsed) - (100 * hostCpu.TotalSeconds / (elapsed.TotalSeconds * Environment.ProcessorCount)));
        await sampling.CancelAsync();
        await sampler;
        var end = server.WorkingSet();
        var (median, p95) = Scenarios.Stats(times);
        Console.WriteLine(
            FormattableString.Invariant($"  {users} users, {elapsed.TotalSeconds:N0} s: {times.Count / elapsed.TotalSeconds:N0} answers/s, median {Scenarios.Ms(median)}, p95 {Scenarios.Ms(p95)}, {failures} not 200; ") +
            FormattableString.Invariant($"Host working set at rest {rest / 1e6:N0} MB, peak {peak / 1e6:N0} MB (+{(peak - rest) / 1e6:N0} MB), after {end / 1e6:N0} MB; other load {other:N0} %") +
            (other > Measurement.DisturbedAbove ? " (measured while the machine was shared)" : ""));
        Console.WriteLine(FormattableString.Invariant($"  Host CPU {hostCpu.TotalMilliseconds / Math.Max(1, times.Count):N1} ms per answer ({hostCpu.TotalSeconds:N1} s in all): the figure that survives a busy machine"));
        return failures == 0 ? 0 : 4;
    }

    internal static string? DefaultHost()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Segur.sln")))
            {
                return Path.Combine(folder.FullName, "Segur.Host", "bin", "Release", "net10.0", "Segur.Host.dll");
            }
        }

        return null;
    }

    /// <summary>The Host as a process on a data folder and a free loopback port, ready once <c>/health</c> answers 200.</summary>
    internal sealed class HostProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private HostProcess(Process process, Uri address)
        {
            _process = process;
            Address = address;
        }

        public Uri Address { get; }

        public TimeSpan Cpu()
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }

        public long WorkingSet()
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }

        public static async Task<HostProcess?> StartAsync(string host, string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet", [host])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Path.GetDirectoryName(host)!,
            };
            start.Environment["Segur__DataDirectory"] = dataDirectory;
            start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            var log = new List<string>();
            var process = Process.Start(start)!;
            void Keep(object? sender, DataReceivedEventArgs e)
            {
                if (e.Data is not null)
                {
                    lock (log)
                    {
                        log.Add(e.Data);
                    }
                }
            }

            process.OutputDataReceived += Keep;
            process.ErrorDataReceived += Keep;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(30) };
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < s_startLimit && !process.HasExited)
            {
                try
                {
                    using var response = await http.GetAsync("/health");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return server;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(50);
            }

            lock (log)
            {
                Console.Error.WriteLine($"Le Host n'a pas répondu 200 sur /health :\n  {string.Join("\n  ", log.TakeLast(30))}");
            }

            await server.DisposeAsync();
            return null;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

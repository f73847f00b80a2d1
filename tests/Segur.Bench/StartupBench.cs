using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Segur.Bench;

/// <summary>
/// The Host's start-up as a user meets it (issue 11, item 4; decision 0140): the built Host started as a process on an
/// empty data directory, then on the same directory again (an existing database); the time until <c>/health</c> answers
/// 200 and until the first page (<c>/</c>) does, and the Host's own timeline of its phases (log line « Démarrage : »).
/// Goals: ≤ 5 s empty, ≤ 3 s existing. The demo data are made after the Host answers (decision 0170): each start waits
/// for their log line before it stops the Host, and prints it. Build the Host first (<c>dotnet build Segur.Host -c Release</c>).
/// <c>dotnet run -c Release --project tests/Segur.Bench -- startup [--quick] [--host path/Segur.Host.dll]</c>.
/// </summary>
internal static class StartupBench
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(120);

    public static async Task<int> RunAsync(string[] args)
    {
        var host = args.SkipWhile(a => a != "--host").Skip(1).FirstOrDefault() ?? DefaultHost();
        if (host is null || !File.Exists(host))
        {
            Console.Error.WriteLine($"Host introuvable ({host ?? "Segur.Host/bin/Release/net10.0/Segur.Host.dll"}) : construisez-le d'abord (dotnet build Segur.Host -c Release) ou donnez --host.");
            return 2;
        }

        var runs = args.Contains("--quick") ? 1 : 3;
        Console.WriteLine($"{MachineInfo.Describe()}\nHost {host}, {runs} run(s) per case");
        for (var run = 1; run <= runs; run++)
        {
            var folder = Directory.CreateTempSubdirectory("segur-startup-bench-").FullName;
            try
            {
                foreach (var label in new[] { "empty", "existing" })
                {
                    var result = await StartOnceAsync(host, folder);
                    if (result is null)
                    {
                        return 3;
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  run {run} {label,-8}: /health {result.Value.Health.TotalSeconds:N2} s, first page {result.Value.Page.TotalSeconds:N2} s; {result.Value.Timeline}"));
                }
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return 0;
    }

    private static async Task<(TimeSpan Health, TimeSpan Page, string Timeline)?> StartOnceAsync(string host, string dataDirectory)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [host])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(host)!,
        };
        start.Environment["Segur__DataDirectory"] = dataDirectory;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        var timeline = "";
        var responses = "";
        var demo = "";
        var warmed = "";
        var log = new List<string>();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.Add(e.Data);
            }

            if (e.Data.Contains("Démarrage : ", StringComparison.Ordinal))
            {
                timeline = e.Data.Trim();
            }

            if (e.Data.Contains("Premières réponses : ", StringComparison.Ordinal))
            {
                responses = e.Data.Trim();
            }

            if (e.Data.Contains("Premières pages préparées", StringComparison.Ordinal))
            {
                warmed = e.Data.Trim();
            }

            if (e.Data.Contains("Données de démonstration prêtes", StringComparison.Ordinal) ||
                e.Data.Contains("données de démonstration n'ont pas", StringComparison.Ordinal))
            {
                demo = e.Data.Trim();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (log)
                {
                    log.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        try
        {
            var health = await UntilOkAsync(http, "/health", process, watch);
            var page = await UntilOkAsync(http, "/", process, watch);
            if (health is null || page is null)
            {
                lock (log)
                {
                    Console.Error.WriteLine($"Le Host n'a pas répondu 200 (sortie {(process.HasExited ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "toujours en cours")}) :\n  " +
                        string.Join("\n  ", log.TakeLast(30)));
                }

                return null;
            }

            // The timeline is logged when the server listens; the demo data follow (decision 0170): the next start must find
            // them made, as a restarted Host would.
            while ((timeline.Length == 0 || demo.Length == 0) && watch.Elapsed < s_limit && !process.HasExited)
            {
                await Task.Delay(20);
            }

            // « Premières réponses » (decision 0210) follows the second response at once; a Host older than it never logs it.
            var responsesBy = watch.Elapsed + TimeSpan.FromSeconds(2);
            while (responses.Length == 0 && watch.Elapsed < responsesBy && !process.HasExited)
            {
                await Task.Delay(20);
            }

            // « Premières pages préparées » (decision 0214) comes before the demo data, which wait for it.
            return (health.Value, page.Value, string.Create(CultureInfo.InvariantCulture,
                $"{timeline}\n      {responses}\n      {warmed}\n      {demo} (at {watch.Elapsed.TotalSeconds:N2} s)"));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }
    }

    private static async Task<TimeSpan?> UntilOkAsync(HttpClient http, string path, Process process, Stopwatch watch)
    {
        while (watch.Elapsed < s_limit && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return watch.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(10);
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? DefaultHost()
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
}

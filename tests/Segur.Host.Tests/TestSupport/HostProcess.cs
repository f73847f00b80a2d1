using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Segur.Host.Tests.TestSupport;

/// <summary>
/// A real Host process, <c>dotnet Segur.Host.dll</c> from the build output, configured by environment variables as an
/// operator would (README "Several machines"). <see cref="Kill"/> is a <c>kill -9</c>; <see cref="RestartAsync"/> starts it
/// again with the same configuration and port.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;
    private readonly string _logFile;
    private Process? _process;

    private HostProcess(string name, Dictionary<string, string> environment, int port, string logFolder)
    {
        (Name, _environment, Port) = (name, environment, port);
        _logFile = Path.Combine(logFolder, name + ".log");
        Address = new Uri($"http://127.0.0.1:{port}/");
    }

    public string Name { get; }

    public int Port { get; }

    public Uri Address { get; }

    /// <summary>Starts a Host with these settings (<c>Segur__…</c> variables) on a free port and waits until /health answers.</summary>
    public static async Task<HostProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, string logFolder)
    {
        var port = FreePort();
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Segur__PublicUrl"] = $"http://127.0.0.1:{port}/",
        };
        var host = new HostProcess(name, environment, port, logFolder);
        await host.RunAsync();
        return host;
    }

    /// <summary>Starts it again after <see cref="Kill"/>, with the same configuration plus <paramref name="more"/>.</summary>
    public Task RestartAsync(IReadOnlyDictionary<string, string>? more = null)
    {
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            _environment[key] = value;
        }

        return RunAsync();
    }

    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(3) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>SIGKILL: no shutdown, no flush, no finally block runs in the Host.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    public string Log() => File.Exists(_logFile) ? File.ReadAllText(_logFile) : "";

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        await Task.CompletedTask;
    }

    private async Task RunAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { HostDll },
            WorkingDirectory = Path.GetDirectoryName(HostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment)
        {
            start.Environment[key] = value;
        }

        var log = new StreamWriter(_logFile, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"---- démarrage {DateTime.UtcNow:O}");
        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet n'a pas démarré.");
        _process.OutputDataReceived += (_, e) => Write(log, e.Data);
        _process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"L'hôte {Name} s'est arrêté (code {_process.ExitCode}) :\n{Log()}");
            }

            try
            {
                using var health = await probe.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"L'hôte {Name} ne répond pas sur /health :\n{Log()}");
            }

            await Task.Delay(100);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The test is over.
            }
        }
    }

    /// <summary>The Host built with the tests (same configuration), as deployed: its own folder, its own deps.</summary>
    public static string HostDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                ? "Debug"
                : "Release";
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "Segur.sln")))
            {
                root = root.Parent;
            }

            var dll = root is null ? "" : Path.Combine(root.FullName, "Segur.Host", "bin", configuration, "net10.0", "Segur.Host.dll");
            return File.Exists(dll)
                ? dll
                : throw new InvalidOperationException($"Segur.Host.dll introuvable ({dll}) : construisez la solution (dotnet build Segur.sln -c {configuration}).");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

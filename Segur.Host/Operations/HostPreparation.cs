using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Segur.Workflows;
using Segur.Workflows.Engine;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Host.Operations;

/// <summary>
/// Migrates the database and brings in the release's definitions (the demo accounts follow once the Host answers:
/// <see cref="Demo.DemoSeeding"/>). Begun on the thread pool as soon as the application is built (<see cref="Begin"/>), so
/// that the pipeline is built and the hosted services registered before this one (the bus, the scheduler, data protection)
/// start meanwhile; as a hosted service it then holds the start until it is done: Kestrel, which starts last, listens only
/// once the database and the definitions are ready, so <c>/health</c> keeps its meaning (decisions 0170, 0210). Workers that
/// read the database wait for the Host to answer (<c>WhenStartedAsync</c>).
/// </summary>
internal sealed class HostPreparation(
    IServiceProvider services, SegurSettings settings, SegurDatabase database, IConfiguration configuration, IHostApplicationLifetime lifetime,
    ILogger<HostPreparation> logger)
    : IHostedService
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource<bool> _warmed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _prepared;

    /// <summary>
    /// Completes once the first pages' own first-time work is done (<see cref="WarmFirstPagesAsync"/>): begun once the database
    /// is prepared, it runs beside Kestrel's start and the first answers. True when the financing rules are read and the home
    /// page rendered once;
    /// never faults (false on a failure, which is logged: the pages then do the work themselves and report it); never
    /// completes when the preparation fails (the Host then stops before it listens).
    /// </summary>
    public Task<bool> FirstPagesWarmed => _warmed.Task;

    /// <summary>
    /// Completes once the Host answers and the first pages are warmed (decision 0212): background work that no visitor waits
    /// for (the published-definitions check, the demo data) begins then, so that it does not share the 2 cores with the first
    /// <c>/health</c> and the first page's warm-up. Canceled with <paramref name="stoppingToken"/>.
    /// </summary>
    public async Task WhenFirstPagesServedAsync(CancellationToken stoppingToken)
    {
        await lifetime.WhenStartedAsync(stoppingToken);
        await FirstPagesWarmed.WaitAsync(stoppingToken);
    }

    /// <summary>
    /// Starts the preparation (once), on a thread of its own rather than the pool's (decision 0212): its SQLite calls and
    /// compiling are synchronous, and held one of the pool's two threads (one per core) while the bus and the other hosted
    /// services started on the pool; the timeline saw work items queued for want of a thread when Kestrel began listening.
    /// </summary>
    public Task Begin()
    {
        lock (_lock)
        {
            return _prepared ??= Task.Factory.StartNew(PrepareAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        StartupTimeline.Mark("hosted");
        return Begin().WaitAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task PrepareAsync()
    {
        Directory.CreateDirectory(settings.DataDirectory);

        // Resolved here, on the thread pool: its graph (the definition compiler, every activity) is part of the preparation.
        var seeder = services.GetRequiredService<DefinitionSeeder>();

        // A new database will store every release file: they compile meanwhile, on the other core (decision 0170).
        var release = seeder.Read(Path.Combine(AppContext.BaseDirectory, "definitions"), compileNow: database.IsNewSqliteFile());
        await using (var db = database.CreateContext())
        {
            _ = db.Model; // its own phase in the start-up timeline (the compiled model makes it cheap)
        }

        StartupTimeline.Mark("ef-model");
        await database.MigrateAsync();
        StartupTimeline.Mark("migrations");
        await seeder.SeedAsync(release);
        StartupTimeline.Mark("definitions");

        try
        {
            // A machine without a TrueType font cannot issue the décision d'attribution nor the avis de paiement: say it now.
            Segur.Workflows.Documents.Pdf.PdfFonts.EnsureRegistered(configuration["Segur:Documents:PdfFontFolder"]);
        }
        catch (InvalidOperationException ex)
        {
            logger.LogWarning("{Message}", ex.Message);
        }

        logger.LogInformation("Données : {DataDirectory} ({Provider})", settings.DataDirectory, settings.Provider);
        StartupTimeline.Mark("prepared");

        // Not awaited: Kestrel starts meanwhile on the main thread (decision 0230); the warm-up reads the rules, then waits for
        // the Host to answer and requests the home page once (decision 0214). On a thread of its own, not the pool's (decision
        // 0212): the pool's two threads are for Kestrel and the first /health.
        _ = Task.Factory.StartNew(WarmFirstPagesAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// The first page's own first-time work, done before anyone asks for it (<see cref="IFirstPagesWarmUp"/>): the rules every
    /// page reads, then the home page rendered once. The background work nobody waits for (the published-definitions check,
    /// the demo data) begins after it (<see cref="WhenFirstPagesServedAsync"/>).
    /// </summary>
    private async Task WarmFirstPagesAsync()
    {
        try
        {
            await services.GetRequiredService<IFirstPagesWarmUp>().WarmAsync();
            StartupTimeline.Mark("warmed");

            // Often after the first two responses, whose timeline line is already written: said on its own line.
            logger.LogInformation(
                "Premières pages préparées à {Wall:0} ms (cpu du processus {Cpu:0} ms)",
                StartupTimeline.SinceProcessStart.TotalMilliseconds, Environment.CpuUsage.TotalTime.TotalMilliseconds);
            _warmed.TrySetResult(true);
        }
        catch (Exception ex)
        {
            // The first page that needs them reports the same problem to its user (and the definitions check to the log).
            logger.LogDebug(ex, "Les premières pages n'ont pas pu être préparées au démarrage.");
            _warmed.TrySetResult(false);
        }
    }
}

/// <summary>The first pages' own first-time work, done by <see cref="HostPreparation"/> before anyone asks (tests replace it).</summary>
internal interface IFirstPagesWarmUp
{
    Task WarmAsync();
}

/// <summary>
/// The first page's first-time work, done before a visitor asks (decisions 0214, 0230): the financing rules every page reads
/// (read from the published JSON, nothing compiled), then, once the Host answers, the home page requested once over the
/// loopback, so that what its first rendering costs (the Razor and MudBlazor components, the layout, the circuit's
/// protection, the route table) is paid beside the first <c>/health</c> rather than after it. A Host that listens on no
/// plain-HTTP address (HTTPS only, or the tests' in-memory server) warms the rules only.
/// </summary>
internal sealed class FirstPagesWarmUp(
    FinancingRules rules, IServer server, Identity.PublicAddress publicAddress, IHostApplicationLifetime lifetime, ILogger<FirstPagesWarmUp> logger)
    : IFirstPagesWarmUp
{
    /// <summary>Marks the warm-up's own request: the start-up timeline does not count it among the first responses.</summary>
    public const string Header = "X-Segur-Warm-Up";

    /// <summary>The status the home page answered the warm-up with; null until then, or when no address could be asked.</summary>
    public int? HomePageStatus { get; private set; }

    public async Task WarmAsync()
    {
        await rules.CurrentAsync();
        await lifetime.WhenStartedAsync(lifetime.ApplicationStopping);
        if (HomeAddress(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []) is not { } home)
        {
            return;
        }

        // Bounded: the background work after the warm-up waits for it.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(HttpMethod.Get, home);
        request.Headers.Add(Header, "1");
        request.Headers.Host = publicAddress.Url.Authority; // one of the allowed hosts, whatever address the server listens on
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, lifetime.ApplicationStopping);
        HomePageStatus = (int)response.StatusCode;
        if (!response.IsSuccessStatusCode)
        {
            logger.LogDebug("La page d'accueil a répondu {Status} à sa préparation.", (int)response.StatusCode);
        }
    }

    /// <summary>The home page at the first plain-HTTP address the server listens on, a wildcard host read as the loopback.</summary>
    internal static Uri? HomeAddress(IEnumerable<string> addresses)
    {
        foreach (var address in addresses)
        {
            if (!address.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = address["http://".Length..];
            var portAt = rest.LastIndexOf(':');
            var host = portAt < 0 ? rest : rest[..portAt];
            var port = portAt < 0 ? "80" : rest[(portAt + 1)..].TrimEnd('/');
            host = host is "0.0.0.0" or "+" or "*" or "[::]" ? "127.0.0.1" : host;
            if (Uri.TryCreate($"http://{host}:{port}/", UriKind.Absolute, out var home))
            {
                return home;
            }
        }

        return null;
    }
}

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
    /// is prepared, it runs beside Kestrel's start. True when the financing rules are compiled and cached;
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

        // Not awaited: Kestrel starts meanwhile on the main thread while this core would wait (decision 0230). Begun earlier
        // (when the main thread reaches this service), it took the CPU the preparation needed and Kestrel listened later.
        // On a thread of its own, not the pool's (decision 0212): its second of compiling would otherwise hold one of the
        // pool's two threads while Kestrel and the first /health need them, and the pool adds threads only slowly.
        _ = Task.Factory.StartNew(WarmFirstPagesAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// The first page's own first-time work, done before anyone asks for it: every page (the public home's FAQ, the requests
    /// pages, the forms) reads the published financing definition's rules, which compiles that version; its expressions go
    /// through Jint, whose first engine lists every time zone of the machine sorted by its localized name (0.3–0.6 s of CPU,
    /// mostly ICU). An existing database compiles nothing during the preparation (decision 0140), so without this the first
    /// visitor paid for both.
    /// </summary>
    private async Task WarmFirstPagesAsync()
    {
        try
        {
            await services.GetRequiredService<IFirstPagesWarmUp>().WarmAsync();
            StartupTimeline.Mark("warmed");
            _warmed.TrySetResult(true);
        }
        catch (Exception ex)
        {
            // The first page that needs them reports the same problem to its user (and the definitions check to the log).
            logger.LogDebug(ex, "Les règles de financement n'ont pas pu être préparées au démarrage.");
            _warmed.TrySetResult(false);
        }
    }
}

/// <summary>The first pages' own first-time work, done by <see cref="HostPreparation"/> before anyone asks (tests replace it).</summary>
internal interface IFirstPagesWarmUp
{
    Task WarmAsync();
}

/// <summary>Compiles and caches the published financing version every page reads (decision 0230).</summary>
internal sealed class FinancingRulesWarmUp(FinancingRules rules) : IFirstPagesWarmUp
{
    public Task WarmAsync() => rules.CurrentAsync();
}

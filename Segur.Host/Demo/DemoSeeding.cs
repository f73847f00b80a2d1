using System.Diagnostics;
using Segur.Workflows;
using Segur.Workflows.Persistence;

namespace Segur.Host.Demo;

/// <summary>
/// Makes the demo data once the Host answers (decision 0170): on a new database they cost about 2 s of CPU (five accounts'
/// password hashes, enrolments validated and requests deposited through the engine) that nobody needs before the first
/// page; they begin once the first pages are warmed (decision 0212). Pages work meanwhile; <c>demo-credentials.json</c> is
/// written last, so its presence means the accounts exist.
/// </summary>
internal sealed class DemoSeeding(
    IServiceScopeFactory scopes, IConfiguration configuration, SegurSettings settings, Operations.HostPreparation preparation, ILogger<DemoSeeding> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the demo data exist (at once when they are turned off); faults as the seeding did.</summary>
    public Task Completion => _done.Task;

    public bool Enabled => configuration.GetValue("Segur:Demo:Enabled", settings.Provider == DatabaseProvider.Sqlite);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            _done.TrySetResult();
            return;
        }

        try
        {
            // After the first pages' warm-up too (decision 0212): on an existing database this is only a check, but it shared the
            // cores with the first /health.
            await preparation.WhenFirstPagesServedAsync(stoppingToken);
            var watch = Stopwatch.StartNew();
            var cpu = Environment.CpuUsage.TotalTime;
            await using (var scope = scopes.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DemoData>().EnsureAsync();
            }

            logger.LogInformation(
                "Données de démonstration prêtes en {Elapsed:0} ms (cpu du processus +{Cpu:0} ms)",
                watch.Elapsed.TotalMilliseconds, (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
            _done.TrySetResult();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _done.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Les données de démonstration n'ont pas pu être créées.");
            _done.TrySetException(ex);
        }
    }
}

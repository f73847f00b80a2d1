using Segur.Host.Demo;
using Segur.Workflows.Engine;
using Segur.Workflows.Engine.Versions;

namespace Segur.Host.Operations;

/// <summary>
/// Compiles every published definition version against this build once the Host answers, off the start-up path
/// (decision 0140): a broken one is then listed in the Studio and in the log; a fire before then compiles its own version.
/// It follows the demo data instead of running beside them (decision 0210): on two cores, two CPU-bound jobs at once
/// left the first visitors' pages a share of one core.
/// </summary>
internal sealed class PublishedDefinitionsCheck(
    DefinitionHealth health, DemoSeeding demo, IHostApplicationLifetime lifetime, ILogger<PublishedDefinitionsCheck> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await lifetime.WhenStartedAsync(stoppingToken);
            await AfterTheDemoDataAsync(stoppingToken);
            await health.CheckPublishedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before the check ran: nothing to report.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Les définitions publiées n'ont pas pu être vérifiées au démarrage.");
        }
    }

    private async Task AfterTheDemoDataAsync(CancellationToken stoppingToken)
    {
        try
        {
            await demo.Completion.WaitAsync(stoppingToken);
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            // The demo data failed: DemoSeeding logged why; the check runs all the same.
        }
    }
}

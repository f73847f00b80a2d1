using Segur.Workflows.Engine;
using Segur.Workflows.Engine.Versions;

namespace Segur.Host.Operations;

/// <summary>
/// Compiles every published definition version against this build once the Host answers, off the start-up path
/// (decision 0140): a broken one is then listed in the Studio and in the log; a fire before then compiles its own version.
/// </summary>
internal sealed class PublishedDefinitionsCheck(DefinitionHealth health, IHostApplicationLifetime lifetime, ILogger<PublishedDefinitionsCheck> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await lifetime.WhenStartedAsync(stoppingToken);
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
}

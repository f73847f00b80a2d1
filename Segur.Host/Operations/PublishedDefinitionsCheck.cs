using Segur.Workflows.Engine.Versions;

namespace Segur.Host.Operations;

/// <summary>
/// Compiles every published definition version against this build once the Host answers, off the start-up path
/// (decision 0140), and once the first pages are warmed (decision 0212): a broken one is then listed in the Studio and in the
/// log; a fire before then compiles its own version.
/// </summary>
internal sealed class PublishedDefinitionsCheck(DefinitionHealth health, HostPreparation preparation, ILogger<PublishedDefinitionsCheck> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource _begun = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the check has begun (tests).</summary>
    internal Task Begun => _begun.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await preparation.WhenFirstPagesServedAsync(stoppingToken);
            _begun.TrySetResult();
            StartupTimeline.Mark("definitions-check");

            // Seconds of compiling (Jint, Fluid, JsonSchema.Net) on a thread of its own: the pool's threads stay free for requests.
            await Task.Factory.StartNew(() => health.CheckPublishedAsync(stoppingToken), stoppingToken,
                TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
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

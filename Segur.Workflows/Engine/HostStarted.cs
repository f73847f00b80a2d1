using Microsoft.Extensions.Hosting;

namespace Segur.Workflows.Engine;

/// <summary>
/// Background work that reads the database begins once the host has started (ApplicationStarted): by then the Host has
/// migrated the database and stored the release's definitions, and the bus is up (decisions 0140, 0170, 0210).
/// </summary>
public static class HostStarted
{
    /// <summary>Completes once the host has started (at once if it has); canceled with <paramref name="stoppingToken"/>.</summary>
    public static async Task WhenStartedAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task;
        }
    }
}

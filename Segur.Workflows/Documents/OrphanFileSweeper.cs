using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Segur.Workflows.Engine;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Documents;

/// <summary>
/// Deletes the files no document row points at, once they are older than <see cref="DocumentOptions.OrphanGrace"/>:
/// what a crash between renaming an upload's files into place and committing its rows leaves behind (decision 0092),
/// and abandoned staging folders. The grace delay keeps the files of an upload still being committed.
/// </summary>
public sealed class OrphanFileSweeper(
    SegurDatabase database,
    DocumentStorage storage,
    IOptions<DocumentOptions> options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<OrphanFileSweeper> logger)
    : BackgroundService
{
    private const string StagingFolder = ".staging";

    /// <summary>Sweeps once; returns how many files and staging folders were deleted.</summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var root = new DirectoryInfo(storage.Root);
        if (!root.Exists)
        {
            return 0;
        }

        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.OrphanGrace;
        var deleted = 0;
        foreach (var folder in root.EnumerateDirectories())
        {
            if (folder.Name == StagingFolder)
            {
                foreach (var staging in folder.EnumerateDirectories().Where(d => d.LastWriteTimeUtc < cutoff))
                {
                    DocumentStorage.TryDelete(staging.FullName);
                    deleted++;
                }

                continue;
            }

            var old = folder.EnumerateFiles().Where(f => f.LastWriteTimeUtc < cutoff).ToList();
            if (old.Count == 0 || !Guid.TryParseExact(folder.Name, "N", out var requestId))
            {
                continue;
            }

            HashSet<string> known;
            await using (var db = database.CreateContext())
            {
                known = [.. await db.RequestDocuments.AsNoTracking().Where(d => d.RequestId == requestId).Select(d => d.StoragePath).ToListAsync(ct)];
            }

            foreach (var file in old.Where(f => !known.Contains($"{folder.Name}/{f.Name}")))
            {
                logger.LogWarning("Orphan document file {File} (no row) deleted", file.FullName);
                file.Delete();
                deleted++;
            }
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The Host prepares the database while the hosted services start (decision 0210).
                await lifetime.WhenStartedAsync(stoppingToken);
                await SweepAsync(stoppingToken);
                await Task.Delay(options.Value.OrphanSweepInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Orphan file sweep failed; trying again at the next interval");
                await Task.Delay(options.Value.OrphanSweepInterval, clock, stoppingToken);
            }
        }
    }
}

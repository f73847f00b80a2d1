using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Versions;

/// <summary>A published version that no longer compiles with this build (e.g. an activity it names was removed).</summary>
public sealed record BrokenVersion(string DefinitionId, int Version, int Instances, IReadOnlyList<DefinitionProblem> Problems);

/// <summary>
/// Compiles every published version again at start-up: the code may have changed under them (an activity renamed,
/// a stricter check). A version that fails is reported here and in the log, never a crash; its instances' fires
/// become incidents (the runtime records them) until it is fixed by a migration to a sound version. The Host runs it once
/// it answers (decision 0140); a fire before then compiles its version itself.
/// </summary>
public sealed class DefinitionHealth(SegurDatabase database, DefinitionCatalog catalog, ILogger<DefinitionHealth> logger)
{
    private volatile IReadOnlyList<BrokenVersion> _broken = [];

    public IReadOnlyList<BrokenVersion> Broken => _broken;

    public async Task<IReadOnlyList<BrokenVersion>> CheckPublishedAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var versions = await db.WorkflowDefinitions.AsNoTracking()
            .Where(v => v.Status == DefinitionStatus.Published)
            .Select(v => new { v.DefinitionId, v.Version, v.Json })
            .ToListAsync(ct);
        var broken = new List<BrokenVersion>();
        foreach (var v in versions)
        {
            var problems = catalog.Compiler.TryCompile(v.Json, v.Version, out var compiled);
            if (problems.Count == 0)
            {
                // The runtime's first fire on this version then finds it compiled.
                catalog.Preload(compiled!);
                continue;
            }

            catalog.Evict(v.DefinitionId, v.Version);
            var instances = await db.WorkflowInstances.CountAsync(i => i.DefinitionId == v.DefinitionId && i.DefinitionVersion == v.Version, ct);
            broken.Add(new BrokenVersion(v.DefinitionId, v.Version, instances, problems));
            logger.LogError(
                "Definition {Id} v{Version} no longer compiles ({Instances} instances): {Problems}",
                v.DefinitionId, v.Version, instances, string.Join(" | ", problems));
        }

        _broken = broken;
        return broken;
    }
}

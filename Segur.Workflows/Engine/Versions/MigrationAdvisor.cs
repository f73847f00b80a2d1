using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Versions;

/// <summary>A state instances of the old version are in: how many, whether the new version has it, and a suggested target.</summary>
public sealed record StateInUse(string Code, string Label, int Instances, bool InTarget, string? Suggested);

public sealed record TargetState(string Code, string Label, bool Final);

/// <summary>What a migration from one version to another must decide: the states in use that the target removes or renames.</summary>
public sealed record MigrationAdvice(string DefinitionId, int From, int To, IReadOnlyList<StateInUse> InUse, IReadOnlyList<TargetState> TargetStates)
{
    /// <summary>States in use that the target version does not have: each needs a mapping before anything moves.</summary>
    public IEnumerable<StateInUse> ToMap => InUse.Where(s => !s.InTarget);
}

/// <summary>Versions whose instances could move to the version in service.</summary>
public sealed record MigrationSource(int Version, int Instances);

/// <summary>
/// Prepares a migration for the Studio: which states of the old version are in use, which the new version removed or
/// renamed (a removed state whose label the new version gives to another code is suggested as renamed).
/// </summary>
public sealed class MigrationAdvisor(SegurDatabase database, DefinitionCatalog catalog)
{
    public async Task<IReadOnlyList<MigrationSource>> SourcesAsync(string definitionId, CancellationToken ct = default)
    {
        var current = await catalog.LatestPublishedVersionAsync(definitionId, ct);
        await using var db = database.CreateContext();
        var counts = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionId == definitionId && i.DefinitionVersion != current)
            .GroupBy(i => i.DefinitionVersion)
            .Select(g => new { Version = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        return counts.OrderBy(c => c.Version).Select(c => new MigrationSource(c.Version, c.Count)).ToList();
    }

    public async Task<MigrationAdvice> AdviseAsync(string definitionId, int from, int to, CancellationToken ct = default)
    {
        if (from == to)
        {
            throw new WorkflowException("Choisissez deux versions différentes : les dossiers sont déjà sur cette version.");
        }

        var source = await LoadAsync(definitionId, from, ct);
        var target = await LoadAsync(definitionId, to, ct);
        await using var db = database.CreateContext();
        var counts = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionId == definitionId && i.DefinitionVersion == from)
            .GroupBy(i => i.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var inUse = counts.OrderBy(c => c.State, StringComparer.Ordinal).Select(c =>
        {
            var label = source.HasState(c.State) ? source.State(c.State).Label : c.State;
            var inTarget = target.HasState(c.State);
            var suggested = inTarget ? c.State : target.Model.States.FirstOrDefault(s => string.Equals(s.Label, label, StringComparison.OrdinalIgnoreCase))?.Code;
            return new StateInUse(c.State, label, c.Count, inTarget, suggested);
        }).ToList();
        return new MigrationAdvice(definitionId, from, to, inUse, target.Model.States.Select(s => new TargetState(s.Code, s.Label, s.Final)).ToList());
    }

    private async Task<Definitions.CompiledDefinition> LoadAsync(string definitionId, int version, CancellationToken ct)
    {
        try
        {
            return await catalog.GetAsync(definitionId, version, ct);
        }
        catch (InvalidOperationException ex)
        {
            throw new WorkflowException(ex.Message, ex);
        }
    }
}

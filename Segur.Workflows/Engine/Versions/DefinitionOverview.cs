using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Versions;

/// <summary>One definition as the Studio lists it.</summary>
public sealed record DefinitionSummary(
    string Id, string Name, string SubjectType, int? CurrentVersion, DraftSummary? Draft,
    IReadOnlyList<VersionSummary> Versions)
{
    public VersionSummary? Current => Versions.FirstOrDefault(v => v.Version == CurrentVersion);

    public int RunningInstances => Versions.Sum(v => v.RunningInstances);
}

public sealed record DraftSummary(int Token, int? BasedOnVersion, bool IsOutdated, string UpdatedBy, DateTime UpdatedAt);

public sealed record VersionSummary(
    int Version, DefinitionStatus Status, DefinitionOrigin Origin, string? CreatedBy, DateTime CreatedAt,
    string? PublishedBy, DateTime? PublishedAt, int? RestoredFrom, IReadOnlyList<StateCount> States)
{
    public int RunningInstances => States.Where(s => !s.Final).Sum(s => s.Instances);
}

/// <summary>Instances of a version in one state.</summary>
public sealed record StateCount(string Code, string Label, bool Final, int Instances);

/// <summary>The Studio's list of definitions: versions, drafts, who changed them and when, instances per version and state.</summary>
public sealed class DefinitionOverview(SegurDatabase database)
{
    public async Task<IReadOnlyList<DefinitionSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var versions = await db.WorkflowDefinitions.AsNoTracking()
            .OrderBy(v => v.DefinitionId).ThenBy(v => v.Version)
            .ToListAsync(ct);
        var drafts = await db.WorkflowDefinitionDrafts.AsNoTracking().ToDictionaryAsync(d => d.DefinitionId, ct);
        var counts = await db.WorkflowInstances.AsNoTracking()
            .GroupBy(i => new { i.DefinitionId, i.DefinitionVersion, i.State })
            .Select(g => new { g.Key.DefinitionId, g.Key.DefinitionVersion, g.Key.State, Count = g.Count() })
            .ToListAsync(ct);

        var result = new List<DefinitionSummary>();
        foreach (var group in versions.GroupBy(v => v.DefinitionId))
        {
            var summaries = new List<VersionSummary>();
            WorkflowDefinition? latestModel = null;
            foreach (var v in group.OrderByDescending(v => v.Version))
            {
                var model = Read(v.Json);
                latestModel ??= model;
                var states = (model?.States ?? [])
                    .Select(s => new StateCount(s.Code, s.Label, s.Final,
                        counts.Where(c => c.DefinitionId == v.DefinitionId && c.DefinitionVersion == v.Version && c.State == s.Code).Sum(c => c.Count)))
                    .ToList();
                summaries.Add(new VersionSummary(v.Version, v.Status, v.Origin, v.CreatedBy, v.CreatedAt, v.PublishedBy, v.PublishedAt, v.RestoredFrom, states));
            }

            var current = group.Where(v => v.Status == DefinitionStatus.Published).Max(v => (int?)v.Version);
            var draft = drafts.GetValueOrDefault(group.Key);
            result.Add(new DefinitionSummary(
                group.Key, latestModel?.Name ?? group.Key, latestModel?.SubjectType ?? "?", current,
                draft is null ? null : new DraftSummary(draft.Token, draft.BasedOnVersion, current is not null && draft.BasedOnVersion != current, draft.UpdatedBy, draft.UpdatedAt),
                summaries));
        }

        return result;
    }

    public async Task<DefinitionSummary?> GetAsync(string id, CancellationToken ct = default) =>
        (await ListAsync(ct)).SingleOrDefault(d => d.Id == id);

    private static WorkflowDefinition? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowDefinition>(json, DefinitionJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

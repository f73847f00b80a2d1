using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Simulation;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Instances;

/// <summary>One running (or finished) instance as the Studio lists it.</summary>
public sealed record InstanceListItem(
    Guid Id, string SubjectId, string Reference, int Version, string State, string StateLabel, bool Final, DateTime UpdatedAt,
    int OpenTasks, int OpenIncidents);

public sealed record JournalLine(DateTime At, string ActorId, string Trigger, string? FromState, string ToState, int Version, IReadOnlyList<string> Reports);

public sealed record PendingTask(string Label, string Roles, string? ClaimedBy, DateTime CreatedAt, DateTime? DueAt);

public sealed record PendingTimer(string Trigger, string State, DateTime DueAt);

public sealed record InstanceIncident(Guid Id, DateTime CreatedAt, string Trigger, string State, string Message, int Attempts, DateTime? ResolvedAt);

/// <summary>An instance with its history and what waits on it: journal, open tasks, timers, incidents.</summary>
public sealed record InstanceDetail(
    Guid Id, string DefinitionId, int Version, string SubjectType, string SubjectId, string Reference, string State, string StateLabel,
    DateTime CreatedAt, DateTime UpdatedAt, IReadOnlyList<JournalLine> Journal, IReadOnlyList<PendingTask> Tasks,
    IReadOnlyList<PendingTimer> Timers, IReadOnlyList<InstanceIncident> Incidents);

/// <summary>The Studio's view of a definition's instances (read only; incidents are retried through the runtime).</summary>
public sealed class InstanceQueries(SegurDatabase database, DefinitionCatalog catalog, SubjectReferences references)
{
    public const int MaxListed = 500;

    public async Task<IReadOnlyList<InstanceListItem>> ListAsync(string definitionId, int? version = null, string? state = null, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionId == definitionId && (version == null || i.DefinitionVersion == version) && (state == null || i.State == state))
            .OrderByDescending(i => i.UpdatedAt)
            .Take(MaxListed)
            .Select(i => new
            {
                i.Id, i.SubjectType, i.SubjectId, i.DefinitionVersion, i.State, i.UpdatedAt,
                Tasks = db.StaffTasks.Count(t => t.InstanceId == i.Id && t.Status == StaffTaskStatus.Open),
                Incidents = db.Incidents.Count(x => x.InstanceId == i.Id && x.ResolvedAt == null),
            })
            .ToListAsync(ct);
        var names = rows.Count == 0
            ? new Dictionary<string, string>()
            : await references.NamesAsync(db, rows[0].SubjectType, rows.Select(r => r.SubjectId).ToList(), ct);
        var labels = new Dictionary<int, CompiledDefinition?>();
        foreach (var v in rows.Select(r => r.DefinitionVersion).Distinct())
        {
            labels[v] = await TryGetAsync(definitionId, v, ct);
        }

        return rows.Select(r =>
        {
            var compiled = labels[r.DefinitionVersion];
            var known = compiled?.HasState(r.State) == true;
            return new InstanceListItem(r.Id, r.SubjectId, names.GetValueOrDefault(r.SubjectId, r.SubjectId), r.DefinitionVersion, r.State,
                known ? compiled!.State(r.State).Label : r.State, known && compiled!.State(r.State).Definition.Final, r.UpdatedAt, r.Tasks, r.Incidents);
        }).ToList();
    }

    public async Task<InstanceDetail?> DetailAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var instance = await db.WorkflowInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (instance is null)
        {
            return null;
        }

        var journal = await db.WorkflowJournal.AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Id).ToListAsync(ct);
        var tasks = await db.StaffTasks.AsNoTracking().Where(t => t.InstanceId == id && t.Status == StaffTaskStatus.Open).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        var timers = await db.WorkflowTimers.AsNoTracking().Where(t => t.InstanceId == id).OrderBy(t => t.DueAt).ToListAsync(ct);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.InstanceId == id).OrderByDescending(i => i.CreatedAt).ToListAsync(ct);
        var names = await references.NamesAsync(db, instance.SubjectType, [instance.SubjectId], ct);
        var compiled = await TryGetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
        return new InstanceDetail(
            instance.Id, instance.DefinitionId, instance.DefinitionVersion, instance.SubjectType, instance.SubjectId,
            names.GetValueOrDefault(instance.SubjectId, instance.SubjectId), instance.State,
            compiled?.HasState(instance.State) == true ? compiled.State(instance.State).Label : instance.State,
            instance.CreatedAt, instance.UpdatedAt,
            journal.Select(j => new JournalLine(j.At, j.ActorId, j.Trigger, j.FromState, j.ToState, j.Version, ReportsOf(j.Details))).ToList(),
            tasks.Select(t => new PendingTask(t.Label, t.Roles, t.ClaimedBy, t.CreatedAt, t.DueAt)).ToList(),
            timers.Select(t => new PendingTimer(t.Trigger, t.State, t.DueAt)).ToList(),
            incidents.Select(i => new InstanceIncident(i.Id, i.CreatedAt, i.Trigger, i.State, i.Message, i.Attempts, i.ResolvedAt)).ToList());
    }

    private async Task<CompiledDefinition?> TryGetAsync(string id, int version, CancellationToken ct)
    {
        try
        {
            return await catalog.GetAsync(id, version, ct);
        }
        catch (Exception ex) when (ex is InvalidOperationException or InvalidDefinitionException)
        {
            return null; // an unpublished or broken version: codes are shown instead of labels
        }
    }

    private static IReadOnlyList<string> ReportsOf(string? details)
    {
        if (details is null)
        {
            return [];
        }

        try
        {
            using var json = JsonDocument.Parse(details);
            return json.RootElement.TryGetProperty("reports", out var reports) && reports.ValueKind == JsonValueKind.Array
                ? reports.EnumerateArray().Select(r => r.GetString() ?? "").ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}

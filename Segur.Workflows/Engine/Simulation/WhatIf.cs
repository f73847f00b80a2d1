using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Simulation;

/// <summary>A named amount computed from a definition's rules (e.g. « Montant décidé »), formatted for reading.</summary>
public sealed record Figure(string Label, string Value);

/// <summary>Computes, without changing it, what a subject's amounts would be under some rules (the what-if's « montants »).</summary>
public interface IRuleFigures
{
    string SubjectType { get; }

    IReadOnlyList<Figure> Compute(object entity, IReadOnlyDictionary<string, object?> rules);
}

public sealed record WhatIfDifference(string What, string Before, string After);

public sealed record WhatIfLine(
    Guid InstanceId, string SubjectId, string Reference, int Version, string State, string StateLabel, IReadOnlyList<WhatIfDifference> Differences);

/// <summary>The live subjects whose amounts or permitted actions the draft would change, compared with the version it is based on.</summary>
public sealed record WhatIfReport(string DefinitionId, int BaseVersion, int Examined, IReadOnlyList<WhatIfLine> Affected);

/// <summary>
/// What-if of a draft: every live instance of the definition (not in a final state) is evaluated twice, read only, under
/// the version the draft is based on and under the draft — its amounts (the subject type's <see cref="IRuleFigures"/>)
/// and, per role, the actions permitted in its state (roles and guards). Only the instances where something differs are
/// listed, with before and after. Running instances keep their own version: this shows what the draft would change for
/// them if they were migrated to it, and for every request like them from now on (decision 0106).
/// </summary>
public sealed class WhatIfAnalysis(
    SegurDatabase database, DefinitionDrafts drafts, SubjectSources subjects, SubjectReferences references, Simulator simulator,
    IEnumerable<IRuleFigures> figures, TimeProvider clock)
{
    public async Task<WhatIfReport> CompareDraftAsync(string definitionId, CancellationToken ct = default)
    {
        var draft = await drafts.GetAsync(definitionId, ct)
            ?? throw new WorkflowException($"Aucun brouillon n'est ouvert pour « {definitionId} » : rien à comparer.");
        var baseVersion = draft.BasedOnVersion ?? draft.LatestPublished
            ?? throw new WorkflowException($"« {definitionId} » n'a aucune version publiée à laquelle comparer le brouillon.");
        var (before, _) = await simulator.DefinitionAsync(new SimulationRequest(definitionId, baseVersion, false, null, null, []), ct);
        var (after, _) = await simulator.DefinitionAsync(new SimulationRequest(definitionId, null, true, null, null, []), ct);
        var figuresOf = figures.FirstOrDefault(f => f.SubjectType == after.Model.SubjectType);
        var roles = Simulator.RolesOf(before).Union(Simulator.RolesOf(after)).ToList();
        var now = clock.GetUtcNow().UtcDateTime;

        await using var readOnly = await ReadOnlyDatabase.OpenAsync(database, ct);
        var db = readOnly.Db;
        var instances = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionId == definitionId)
            .OrderBy(i => i.CreatedAt)
            .ToListAsync(ct);
        var live = instances.Where(i => !IsFinal(before, i.State) || !IsFinal(after, i.State)).ToList();
        var names = await references.NamesAsync(db, after.Model.SubjectType, live.Select(i => i.SubjectId).ToList(), ct);

        var affected = new List<WhatIfLine>();
        foreach (var instance in live)
        {
            var subject = await subjects.LoadAsync(db, instance.SubjectType, instance.SubjectId, ct);
            var differences = new List<WhatIfDifference>();
            if (figuresOf is not null && subject.Entity is { } entity)
            {
                var was = Figures(figuresOf, entity, before.Rules);
                var will = Figures(figuresOf, entity, after.Rules);
                foreach (var label in was.Keys.Union(will.Keys))
                {
                    var (b, a) = (was.GetValueOrDefault(label, "—"), will.GetValueOrDefault(label, "—"));
                    if (b != a)
                    {
                        differences.Add(new WhatIfDifference(label, b, a));
                    }
                }
            }

            foreach (var role in roles)
            {
                var b = Actions(before, db, instance, subject, role, now);
                var a = Actions(after, db, instance, subject, role, now);
                if (b != a)
                {
                    differences.Add(new WhatIfDifference($"Actions possibles ({role})", b, a));
                }
            }

            if (differences.Count > 0)
            {
                var label = before.HasState(instance.State) ? before.State(instance.State).Label : instance.State;
                affected.Add(new WhatIfLine(instance.Id, instance.SubjectId, names.GetValueOrDefault(instance.SubjectId, instance.SubjectId),
                    instance.DefinitionVersion, instance.State, label, differences));
            }

            db.ChangeTracker.Clear();
        }

        return new WhatIfReport(definitionId, baseVersion, live.Count, affected);
    }

    private static bool IsFinal(CompiledDefinition definition, string state) =>
        definition.HasState(state) && definition.State(state).Definition.Final;

    private static Dictionary<string, string> Figures(IRuleFigures source, object entity, IReadOnlyDictionary<string, object?> rules)
    {
        try
        {
            return source.Compute(entity, rules).ToDictionary(f => f.Label, f => f.Value);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            return new Dictionary<string, string> { ["Montants"] = "incalculables : " + ex.Message };
        }
    }

    private string Actions(CompiledDefinition definition, SegurDbContext db, WorkflowInstance instance, Subject subject, string role, DateTime now)
    {
        if (!definition.HasState(instance.State))
        {
            return $"état « {instance.State} » absent (migration nécessaire)";
        }

        var row = new InstanceRow(instance.Id, definition.Id, definition.Version, instance.SubjectType, instance.SubjectId, instance.State, instance.Version);
        var permitted = simulator.Options(definition, db, row, subject, role, now).Permitted.Select(t => t.Label).Order(StringComparer.Ordinal).ToList();
        return permitted.Count == 0 ? "aucune" : string.Join(", ", permitted);
    }
}

using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Versions;

/// <summary>What a publication must move: the states of the version in service the draft removes, and where each goes.</summary>
/// <param name="StateMapping">Each removed state in use, mapped to a state of the draft.</param>
/// <param name="Previewed">The instances the analyst saw in the preview: the publication is refused if others would move.</param>
public sealed record PublishMigration(IReadOnlyDictionary<string, string> StateMapping, IReadOnlyCollection<Guid>? Previewed = null);

/// <summary>A published draft: its new number and how many instances moved into it (decision 0150).</summary>
public sealed record Publication(int Version, int Moved);

/// <summary>
/// What publishing the draft would do to the instances of the version in service (<paramref name="FromVersion"/>): the states
/// the draft removes or renames while instances are in them (with a suggested target: same label), the draft's states,
/// and, for the mapping given, the instances that would move, named by their subject's number.
/// </summary>
public sealed record PublicationPreview(
    string DefinitionId, int? FromVersion, IReadOnlyList<StateInUse> Removed, IReadOnlyList<TargetState> TargetStates, IReadOnlyList<MigrationLine> Moving)
{
    public bool NeedsMapping => Removed.Count > 0;
}

/// <summary>
/// Publishing was stopped, nothing was published: instances are in states the draft removes or renames and the
/// mapping does not say where each goes (or names a state the draft does not have).
/// </summary>
public sealed class StateMappingRequiredException(PublicationPreview preview, IReadOnlyList<StateInUse> unmapped)
    : WorkflowException(Describe(preview, unmapped))
{
    public PublicationPreview Preview { get; } = preview;

    /// <summary>The removed states in use that still need a target.</summary>
    public IReadOnlyList<StateInUse> Unmapped { get; } = unmapped;

    private static string Describe(PublicationPreview preview, IReadOnlyList<StateInUse> unmapped) =>
        $"Publication suspendue, rien n'a été publié : des dossiers de la version {preview.FromVersion} sont dans des états que le brouillon " +
        "retire ou renomme — " + string.Join(" ; ", unmapped.Select(s => $"« {s.Label} » ({s.Code}) : {s.Instances} dossier(s)")) +
        ". Choisissez pour chacun l'état de la nouvelle version où ces dossiers iront, vérifiez l'aperçu, puis publiez avec cette correspondance.";
}

/// <summary>The part of publishing that looks at the instances: which states in use the draft removes, and the preview of the move.</summary>
internal static class DraftPublication
{
    public static async Task<PublicationPreview> PreviewAsync(
        SegurDbContext db, DefinitionCatalog catalog, InstanceMigrator migrator, string id, int? latest, CompiledDefinition draft,
        IReadOnlyDictionary<string, string>? mapping, CancellationToken ct)
    {
        var targets = draft.Model.States.Select(s => new TargetState(s.Code, s.Label, s.Final)).ToList();
        if (latest is not { } from)
        {
            return new PublicationPreview(id, null, [], targets, []);
        }

        var source = await catalog.GetAsync(id, from, ct);
        var counts = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionId == id && i.DefinitionVersion == from)
            .GroupBy(i => i.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(ct);
        var removed = counts.Where(c => !draft.HasState(c.State)).OrderBy(c => c.State, StringComparer.Ordinal).Select(c =>
        {
            var label = source.HasState(c.State) ? source.State(c.State).Label : c.State;
            var suggested = draft.Model.States.FirstOrDefault(s => string.Equals(s.Label, label, StringComparison.OrdinalIgnoreCase))?.Code;
            return new StateInUse(c.State, label, c.Count, false, suggested);
        }).ToList();
        if (removed.Count == 0)
        {
            return new PublicationPreview(id, from, [], targets, []);
        }

        var plan = Plan(id, from, draft.Version, removed, mapping ?? new Dictionary<string, string>());
        return new PublicationPreview(id, from, removed, targets, await migrator.PreviewAsync(db, plan, draft, ct));
    }

    public static MigrationPlan Plan(string id, int from, int to, IReadOnlyList<StateInUse> removed, IReadOnlyDictionary<string, string> mapping) =>
        new(id, from, to, mapping.Where(m => !string.IsNullOrWhiteSpace(m.Value)).ToDictionary(m => m.Key, m => m.Value.Trim()))
        {
            OnlyStates = removed.Select(s => s.Code).ToList(),
        };

    /// <summary>The removed states in use with no target, or a target the draft does not have.</summary>
    public static IReadOnlyList<StateInUse> Unmapped(PublicationPreview preview, IReadOnlyDictionary<string, string>? mapping, CompiledDefinition draft) =>
        preview.Removed.Where(s => mapping?.GetValueOrDefault(s.Code) is not { } to || string.IsNullOrWhiteSpace(to) || !draft.HasState(to.Trim())).ToList();
}

using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Versions;

namespace Segur.Workflows.Instruction;

/// <summary>
/// Which states of a lifecycle staff may see, read from the definition's <c>visibleTo</c> (e.g. "Non complétée" is for the
/// supplier only). Every version counts: a state hidden in any published version stays hidden, so an old instance never leaks.
/// </summary>
public sealed class StaffVisibility(DefinitionCatalog catalog)
{
    public async Task<IReadOnlyList<string>> HiddenStatesAsync(string definitionId, CancellationToken ct = default)
    {
        var hidden = new HashSet<string>(StringComparer.Ordinal);
        foreach (var version in (await catalog.ListAsync(definitionId, ct)).Where(v => v.Status != DefinitionStatus.Draft))
        {
            var definition = await catalog.GetAsync(definitionId, version.Version, ct);
            hidden.UnionWith(definition.Model.States.Where(s => !definition.State(s.Code).IsVisibleTo([Roles.Gestionnaire])).Select(s => s.Code));
        }

        return [.. hidden.Order(StringComparer.Ordinal)];
    }
}

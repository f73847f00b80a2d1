using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Host.Components.Pages.Imports;

/// <summary>A software the imports table can be filtered on: its ANS number and what it is.</summary>
public sealed record AnsChoice(string NumeroAns, string TypeLogiciel, string Couloir);

/// <summary>The choices of the imports table's filters that come from the supplier's data.</summary>
public static class ImportFilterChoices
{
    /// <summary>The ANS numbers of the supplier's enrolments (whatever their status: an import names an enrolled software).</summary>
    public static async Task<IReadOnlyList<AnsChoice>> AnsNumbersAsync(SegurDatabase database, Guid supplierId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await db.Enrolments.AsNoTracking()
            .Where(e => e.SupplierId == supplierId)
            .OrderBy(e => e.NumeroAns)
            .Select(e => new AnsChoice(e.NumeroAns, e.TypeLogiciel, e.Couloir))
            .ToListAsync(ct);
    }
}

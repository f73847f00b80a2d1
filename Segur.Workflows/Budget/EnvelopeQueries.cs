using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Budget;

/// <summary>An envelope as staff read it: its amount, what was decided on it and what remains.</summary>
public sealed record EnvelopeView(
    string Code, string Libelle, string? Couloir, string? TypeLogiciel, string Periode, decimal Montant, decimal Engage, decimal Restant, bool Ouverte);

/// <summary>The envelopes of the published financing-request definition, with what remains of each.</summary>
public sealed class EnvelopeQueries(SegurDatabase database, DefinitionCatalog catalog, TimeProvider clock)
{
    public const string DefinitionId = "financing-request";

    public async Task<IReadOnlyList<EnvelopeView>> ListAsync(CancellationToken ct = default)
    {
        var envelopes = await RulesAsync(ct);
        await using var db = database.CreateContext();
        var engaged = await BudgetLedger.EngagedAsync(db, ct);
        var today = ParisDays.DayOf(clock.GetUtcNow().UtcDateTime);
        return envelopes.Select(e =>
        {
            var spent = Financing.Euros.FromCents(engaged.GetValueOrDefault(e.Code));
            return new EnvelopeView(e.Code, e.Libelle, e.Couloir, e.TypeLogiciel, e.PeriodLabel, e.Montant, spent, e.Montant - spent,
                today >= e.Du && (e.Au is null || today <= e.Au));
        }).ToList();
    }

    /// <summary>The rule as the latest published version states it (the one new decisions are checked against).</summary>
    public async Task<IReadOnlyList<EnvelopeRule>> RulesAsync(CancellationToken ct = default) =>
        EnvelopeRule.From((await catalog.GetLatestPublishedModelAsync(DefinitionId, ct)).Rules);
}

using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Host.Components.Pages.Requests;

/// <summary>A referenced software of the supplier, as the software filter offers it.</summary>
public sealed record SoftwareOption(string NumeroAns, string TypeLogiciel);

/// <summary>
/// What the requests table's filters offer: the lifecycle's status labels and the payment states (read from the
/// published definitions, so an analyst's renaming shows here), the supplier's software, and the statuses in which a
/// deposited request takes documents again.
/// </summary>
public sealed record RequestFilterOptions(
    IReadOnlyList<string> Statuses,
    IReadOnlyList<string> PaymentStates,
    IReadOnlyList<SoftwareOption> Software,
    IReadOnlyList<string> AddDocumentsStatuses)
{
    public const string RequestDefinition = "financing-request";
    public const string PaymentDefinition = "payment";

    /// <summary>Deleted requests never show in a list: their status is not offered.</summary>
    private const string Deleted = Segur.Workflows.Financing.FinancingStates.Supprimee;

    public static async Task<RequestFilterOptions> LoadAsync(SegurDatabase database, DefinitionCatalog catalog, Guid supplierId, CancellationToken ct = default)
    {
        var requests = await catalog.GetLatestPublishedModelAsync(RequestDefinition, ct);
        var payments = await catalog.GetLatestPublishedModelAsync(PaymentDefinition, ct);
        await using var db = database.CreateContext();
        var software = await db.Enrolments.AsNoTracking()
            .Where(e => e.SupplierId == supplierId)
            .OrderBy(e => e.NumeroAns)
            .Select(e => new SoftwareOption(e.NumeroAns, e.TypeLogiciel))
            .ToListAsync(ct);
        return new RequestFilterOptions(
            [.. requests.Model.States.Where(s => s.Code != Deleted).Select(s => s.Label)],
            [.. payments.Model.States.Select(s => s.Label)],
            software,
            // "Ajouter des pièces" where the definition takes documents while staff wait for the supplier (the initial,
            // incomplete state has its own page).
            [.. requests.Model.States.Where(s => s.Documents is not null && s.Code != requests.Model.InitialState).Select(s => s.Label)]);
    }
}

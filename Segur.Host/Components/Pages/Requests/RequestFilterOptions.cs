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

    /// <summary>States in which staff wait for the supplier (a document, a correction): "Ajouter des pièces" is offered.</summary>
    public static readonly IReadOnlyList<string> AddDocumentsStates = ["AModifier", "EnAttentePiece"];

    /// <summary>Deleted requests never show in a list: their status is not offered.</summary>
    private const string Deleted = "Supprimee";

    public static async Task<RequestFilterOptions> LoadAsync(SegurDatabase database, DefinitionCatalog catalog, Guid supplierId, CancellationToken ct = default)
    {
        var requests = await catalog.GetLatestPublishedAsync(RequestDefinition, ct);
        var payments = await catalog.GetLatestPublishedAsync(PaymentDefinition, ct);
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
            [.. AddDocumentsStates.Where(requests.HasState).Select(s => requests.State(s).Label)]);
    }
}

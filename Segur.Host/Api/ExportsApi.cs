using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Primitives;
using Segur.Host.Components.Pages.Instruction;
using Segur.Host.Identity;
using Segur.Workflows.Accounts;
using Segur.Workflows.Exports;
using Segur.Workflows.Financing;
using Segur.Workflows.Instruction;

namespace Segur.Host.Api;

/// <summary>
/// The CSV exports (French Excel: ';', UTF-8 with BOM, decimal comma, dd/MM/yyyy), streamed from the database to the
/// response. Through the API with a token (<c>/api/v1/exports/...</c>) and from the pages with the session cookie
/// (<c>/exports/...</c>, whose filters are the requests table's address). A supplier exports its own company's data;
/// staff export every supplier's.
/// </summary>
public static class ExportsApi
{
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/exports").RequireAuthorization(Policies.ApiCaller).WithTags("Exports");
        api.MapGet("/requests.csv", ApiRequests)
            .WithSummary("Exporte en CSV les demandes de financement (filtres de /requests : numero, type, statut, etatPaiement, numeroAns, du, au)");
        api.MapGet("/beneficiaries.csv", Beneficiaries)
            .WithSummary("Exporte en CSV les bénéficiaires des avances d'un couloir (couloir=HOPITAL, MEDECIN_DE_VILLE, ...)");

        var pages = app.MapGroup("/exports").RequireAuthorization(Policies.FournisseurOuGestionnaire).ExcludeFromDescription();
        pages.MapGet("/demandes.csv", PageRequests);
        pages.MapGet("/beneficiaires.csv", Beneficiaries);
        app.MapGet(StaffSearchAddress.ExportPath, InstructionSearch).RequireAuthorization(Policies.Gestionnaire).ExcludeFromDescription();
        return app;
    }

    public static Results<PushStreamHttpResult, ProblemHttpResult, NotFound> ApiRequests(
        ClaimsPrincipal user, RequestExport export, TimeProvider clock, string? numero, string? type, [FromQuery] string[]? statut,
        string? etatPaiement, [FromQuery] string[]? numeroAns, [FromQuery] string[]? typeLogiciel, bool? historisee, DateOnly? du, DateOnly? au,
        CancellationToken ct) =>
        Requests(user, export, clock, new RequestFilter
        {
            Numero = numero?.Trim(), Type = type, Statuts = statut ?? [], EtatPaiement = etatPaiement, NumerosAns = numeroAns ?? [],
            TypesLogiciel = typeLogiciel ?? [], Historisee = historisee, Du = du, Au = au,
        }, ct);

    /// <summary>
    /// The staff's instruction search exported as its address filters and sorts it (<c>/instruction?fournisseur=...</c>), every
    /// supplier's requests that staff see, every page.
    /// </summary>
    public static PushStreamHttpResult InstructionSearch(HttpRequest request, InstructionQueries queries, TimeProvider clock, CancellationToken ct)
    {
        var (filter, _) = StaffSearchAddress.Parse(new Dictionary<string, StringValues>(request.Query, StringComparer.OrdinalIgnoreCase));
        return TypedResults.Stream(
            stream => FrenchCsv.WriteRequestsAsync(stream, queries.ExportAsync(filter, ct), ct),
            FrenchCsv.ContentType,
            FrenchCsv.FileName("demandes", clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>The export of the requests table as its address filters and sorts it (<c>/demandes?statut=...&amp;du=2026-11-01&amp;tri=...</c>).</summary>
    public static Results<PushStreamHttpResult, ProblemHttpResult, NotFound> PageRequests(
        ClaimsPrincipal user, RequestExport export, TimeProvider clock, string? numero, string? type, [FromQuery] string[]? statut,
        string? paiement, [FromQuery] string[]? logiciel, [FromQuery(Name = "typelogiciel")] string[]? typeLogiciel, string? historisee,
        string? du, string? au, string? tri, string? ordre, CancellationToken ct) =>
        Requests(user, export, clock, new RequestFilter
        {
            Numero = numero?.Trim(), Type = type, Statuts = statut ?? [], EtatPaiement = paiement, NumerosAns = logiciel ?? [],
            TypesLogiciel = typeLogiciel ?? [], Historisee = historisee switch { "oui" => true, "non" => false, _ => null },
            Du = Day(du), Au = Day(au),
        }, ct, RequestSort.Parse(tri, ordre));

    public static Results<PushStreamHttpResult, ProblemHttpResult, NotFound> Beneficiaries(
        ClaimsPrincipal user, BeneficiaryExport export, TimeProvider clock, string? couloir, CancellationToken ct)
    {
        if (!TryScope(user, out var supplierId))
        {
            return TypedResults.NotFound();
        }

        if (ExportCouloirs.Find(couloir) is not { } chosen)
        {
            return TypedResults.Problem(title: "Couloir inconnu", detail: ExportCouloirs.Unknown(couloir), statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Stream(
            stream => FrenchCsv.WriteBeneficiariesAsync(stream, chosen, export.StreamAsync(supplierId, chosen, ct), ct),
            FrenchCsv.ContentType,
            FrenchCsv.FileName("beneficiaires-" + chosen.Code.ToLowerInvariant().Replace('_', '-'), clock.GetUtcNow().UtcDateTime));
    }

    private static Results<PushStreamHttpResult, ProblemHttpResult, NotFound> Requests(
        ClaimsPrincipal user, RequestExport export, TimeProvider clock, RequestFilter filter, CancellationToken ct, RequestSort? sort = null)
    {
        if (!TryScope(user, out var supplierId))
        {
            return TypedResults.NotFound();
        }

        if (filter.Problem is { } problem)
        {
            return TypedResults.Problem(title: "Filtre invalide", detail: problem, statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Stream(
            stream => FrenchCsv.WriteRequestsAsync(stream, export.StreamAsync(supplierId, filter, sort, ct), ct),
            FrenchCsv.ContentType,
            FrenchCsv.FileName("demandes", clock.GetUtcNow().UtcDateTime));
    }

    /// <summary>A supplier reaches its company's data (<paramref name="supplierId"/>); staff every supplier's (null).</summary>
    private static bool TryScope(ClaimsPrincipal user, out Guid? supplierId)
    {
        supplierId = user.SupplierOf();
        return supplierId is not null ? user.IsInRole(Roles.Fournisseur) : user.IsInRole(Roles.Gestionnaire);
    }

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}

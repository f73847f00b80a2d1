using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Segur.Host.Identity;
using Segur.Workflows.Accounts;
using Segur.Workflows.Documents;

namespace Segur.Host.Api;

/// <summary>
/// Downloads one document of a request (a supporting document, the décision d'attribution, an avis de paiement): through
/// the API with a token, and from the pages with the session cookie. A supplier reaches its own requests only, staff every
/// request they may see; anything else answers 404, revealing nothing.
/// </summary>
internal static class RequestDocumentDownloads
{
    public static RouteGroupBuilder MapRequestDocumentDownloads(this RouteGroupBuilder api)
    {
        api.MapGet("/requests/{numeroASP}/documents/{id:guid}", DownloadAsync)
            .WithSummary("Télécharge un document de la demande : pièce déposée, décision d'attribution ou avis de paiement (son identifiant figure dans le détail de la demande)");
        api.MapGet("/requests/{numeroASP}/documents.zip", ZipAsync)
            .WithSummary("Télécharge en un zip toutes les pièces déposées de la demande");
        return api;
    }

    /// <summary>The same download for the signed-in pages (links of the request detail).</summary>
    public static IEndpointRouteBuilder MapRequestDocumentPageDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/demandes/{numeroASP}/documents/{id:guid}", DownloadAsync)
            .RequireAuthorization()
            .ExcludeFromDescription();
        app.MapGet("/demandes/{numeroASP}/pieces.zip", ZipAsync)
            .RequireAuthorization()
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>Every document of the request in one zip: the same reach as one document (the caller's own requests, or staff's).</summary>
    public static async Task<Results<FileStreamHttpResult, NotFound>> ZipAsync(
        ClaimsPrincipal user, RequestDocumentFiles files, string numeroASP, CancellationToken ct)
    {
        var supplier = user.SupplierOf();
        if (supplier is null && !user.IsInRole(Roles.Gestionnaire))
        {
            return TypedResults.NotFound();
        }

        return await files.ZipAllAsync(supplier, numeroASP, ct) is { } zip
            ? TypedResults.File(zip.Content, zip.ContentType, zip.FileName)
            : TypedResults.NotFound();
    }

    public static async Task<Results<FileStreamHttpResult, NotFound>> DownloadAsync(
        ClaimsPrincipal user, RequestDocumentFiles files, string numeroASP, Guid id, CancellationToken ct)
    {
        var supplier = user.SupplierOf();
        if (supplier is null && !user.IsInRole(Roles.Gestionnaire))
        {
            return TypedResults.NotFound();
        }

        return await files.OpenAsync(supplier, numeroASP, id, ct) is { } download
            ? TypedResults.File(download.Content, download.ContentType, download.FileName)
            : TypedResults.NotFound();
    }
}

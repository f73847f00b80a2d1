using Microsoft.AspNetCore.Http.HttpResults;
using Segur.Host.Identity;
using Segur.Workflows.AccountChanges;

namespace Segur.Host.Components.Pages.AccountChanges;

/// <summary>
/// The files of "Mon compte" (RIB, identity document, mandate, document templates), opened in the browser or, with
/// <c>?telecharger=1</c>, downloaded: a supplier its own only (another supplier's answers 404, as an unknown one), staff any.
/// </summary>
public static class AccountFileDownloads
{
    public static string Href(Guid fileId, bool download = false) => $"/compte/pieces/{fileId}" + (download ? "?telecharger=1" : "");

    public static IEndpointRouteBuilder MapAccountFileDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet("/compte/pieces/{fileId:guid}", OpenAsync)
            .RequireAuthorization(Policies.FournisseurOuGestionnaire)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<PhysicalFileHttpResult, NotFound>> OpenAsync(
        Guid fileId, int? telecharger, HttpContext context, AccountDocuments documents, AccountFiles files, CancellationToken ct)
    {
        if (await documents.FindAsync(fileId, context.User.ToActor(), ct) is not { } file || !File.Exists(files.PathOf(file.StoragePath)))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.PhysicalFile(files.PathOf(file.StoragePath), file.ContentType, telecharger == 1 ? file.FileName : null, enableRangeProcessing: true);
    }
}

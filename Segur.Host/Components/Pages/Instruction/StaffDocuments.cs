using Microsoft.AspNetCore.Http.HttpResults;
using Segur.Host.Identity;
using Segur.Workflows.Documents;
using Segur.Workflows.Instruction;

namespace Segur.Host.Components.Pages.Instruction;

/// <summary>
/// A supporting document as staff open it from the request detail: shown in the browser (PDF, images) or, with
/// <c>?telecharger=1</c>, downloaded under the name the supplier gave it. Only documents of requests staff may see.
/// </summary>
public static class StaffDocuments
{
    public static string Href(Guid documentId, bool download = false) => $"/instruction/pieces/{documentId}" + (download ? "?telecharger=1" : "");

    public static IEndpointRouteBuilder MapStaffDocuments(this IEndpointRouteBuilder app)
    {
        app.MapGet("/instruction/pieces/{documentId:guid}", OpenAsync)
            .RequireAuthorization(Policies.Gestionnaire)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<FileStreamHttpResult, NotFound>> OpenAsync(
        Guid documentId, int? telecharger, InstructionQueries queries, DocumentStorage storage, CancellationToken ct)
    {
        if (await queries.DocumentAsync(documentId, ct) is not { } document || !File.Exists(storage.PathOf(document.StoragePath)))
        {
            return TypedResults.NotFound();
        }

        return TypedResults.File(
            storage.OpenRead(document), document.ContentType, telecharger == 1 ? document.FileName : null, enableRangeProcessing: true);
    }
}

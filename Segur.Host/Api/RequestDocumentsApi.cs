using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Segur.Host.Identity;
using Segur.Workflows.Documents;

namespace Segur.Host.Api;

/// <summary>
/// The documents step through the API: files for one request (any multipart field name; a zip allowed), or one zip
/// whose files go to many requests by numéro éditeur. A request whose documents are complete becomes "En cours".
/// </summary>
internal static class RequestDocumentsApi
{
    private const long MaxBody = 60 * 1024 * 1024;

    public static void MapRequestDocuments(this RouteGroupBuilder api)
    {
        api.MapPost("/requests/{numeroASP}/documents", PostRequestDocuments)
            .WithSummary("Ajoute les pièces justificatives d'une demande (multipart/form-data, un ou plusieurs fichiers, zip accepté)")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBody));
        api.MapPost("/documents", PostZip)
            .WithSummary("Ajoute un zip de pièces pour plusieurs demandes : chaque fichier va à la demande dont il porte le numéro éditeur")
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxBody));
    }

    public static async Task<Results<Ok<DocumentsAdded>, NotFound<ProblemDetails>, ProblemHttpResult>> PostRequestDocuments(
        HttpRequest http, ClaimsPrincipal user, DocumentIntake intake, string numeroASP, CancellationToken ct)
    {
        if (await ReadFilesAsync(http, ct) is not { } files)
        {
            return NotMultipart();
        }

        try
        {
            return TypedResults.Ok(await intake.AddToRequestAsync(user.ToActor(), numeroASP, files.Select(Incoming).ToList(), ct));
        }
        catch (RequestNotFoundException ex)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Demande introuvable", Detail = ex.Message, Status = StatusCodes.Status404NotFound });
        }
        catch (DocumentsRefusedException ex)
        {
            return Refused(ex);
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<DocumentsAdded>>, ProblemHttpResult>> PostZip(
        HttpRequest http, ClaimsPrincipal user, DocumentIntake intake, CancellationToken ct)
    {
        if (await ReadFilesAsync(http, ct) is not { Count: 1 } files)
        {
            return TypedResults.Problem(
                title: "Un seul fichier zip est attendu",
                detail: "Envoyez un fichier zip (multipart/form-data) dont chaque fichier porte le numéro éditeur de sa demande.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            return TypedResults.Ok(await intake.AddZipAsync(user.ToActor(), Incoming(files[0]), ct));
        }
        catch (DocumentsRefusedException ex)
        {
            return Refused(ex);
        }
    }

    private static async Task<IFormFileCollection?> ReadFilesAsync(HttpRequest http, CancellationToken ct)
    {
        if (!http.HasFormContentType)
        {
            return null;
        }

        var form = await http.ReadFormAsync(ct);
        return form.Files.Count == 0 ? null : form.Files;
    }

    private static IncomingFile Incoming(IFormFile file) => new(file.FileName, file.OpenReadStream());

    private static ProblemHttpResult NotMultipart() => TypedResults.Problem(
        title: "Aucun fichier reçu",
        detail: "Envoyez les pièces en multipart/form-data (un ou plusieurs fichiers PDF, JPEG ou PNG, ou un zip).",
        statusCode: StatusCodes.Status400BadRequest);

    private static ProblemHttpResult Refused(DocumentsRefusedException ex) => TypedResults.Problem(
        title: "Pièces refusées : rien n'a été enregistré",
        detail: ex.Message,
        statusCode: StatusCodes.Status422UnprocessableEntity,
        extensions: new Dictionary<string, object?> { ["erreurs"] = ex.Problems });
}

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
    private const long MaxBody = BadInputProblems.MaxUploadBody;

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

        if (files.Problem is { } problem)
        {
            return problem;
        }

        try
        {
            return TypedResults.Ok(await intake.AddToRequestAsync(user.ToActor(), numeroASP, files.Files!.Select(Incoming).ToList(), ct));
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
        var read = await ReadFilesAsync(http, ct);
        if (read?.Problem is { } problem)
        {
            return problem;
        }

        if (read is not { Files.Count: 1 } files)
        {
            return TypedResults.Problem(
                title: "Un seul fichier zip est attendu",
                detail: "Envoyez un fichier zip (multipart/form-data) dont chaque fichier porte le numéro éditeur de sa demande.",
                statusCode: StatusCodes.Status400BadRequest);
        }

        try
        {
            return TypedResults.Ok(await intake.AddZipAsync(user.ToActor(), Incoming(files.Files[0]), ct));
        }
        catch (DocumentsRefusedException ex)
        {
            return Refused(ex);
        }
    }

    /// <summary>The files of a multipart body; null when none came; a French problem when the body does not read.</summary>
    private static async Task<ReadFiles?> ReadFilesAsync(HttpRequest http, CancellationToken ct)
    {
        if (!http.HasFormContentType)
        {
            return null;
        }

        if (http.ContentLength > MaxBody)
        {
            return new ReadFiles(null, Problem(BadInputProblems.Describe(new InvalidDataException("length limit"))!.Value));
        }

        try
        {
            var form = await http.ReadFormAsync(ct);
            if (form.Files.Any(f => f.FileName.Any(char.IsControl)))
            {
                return new ReadFiles(null, TypedResults.Problem(
                    title: "Nom de fichier invalide",
                    detail: "Un nom de fichier contient un caractère de contrôle (retour à la ligne, tabulation…) : renommez le fichier.",
                    statusCode: StatusCodes.Status400BadRequest));
            }

            return form.Files.Count == 0 ? null : new ReadFiles(form.Files, null);
        }
        catch (Exception ex) when (BadInputProblems.Describe(ex) is { } problem && ex is not Microsoft.EntityFrameworkCore.DbUpdateException)
        {
            return new ReadFiles(null, Problem(problem));
        }
    }

    private static ProblemHttpResult Problem((int Status, string Title, string Detail) problem) =>
        TypedResults.Problem(title: problem.Title, detail: problem.Detail, statusCode: problem.Status);

    private sealed record ReadFiles(IFormFileCollection? Files, ProblemHttpResult? Problem);

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

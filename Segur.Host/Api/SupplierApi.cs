using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Segur.Host.Identity;
using Segur.Workflows.Financing;
using Segur.Workflows.Imports;
using Segur.Workflows.Persistence;

namespace Segur.Host.Api;

/// <summary>
/// The supplier API (/api/v1), for suppliers' own software, authenticated by personal API tokens. It calls the same
/// services as the pages; a supplier only ever reaches its own company's data (another's answers 404).
/// </summary>
public static class SupplierApi
{
    /// <summary>The OpenAPI document of the API (served at /openapi/v1.json).</summary>
    public static IServiceCollection AddSupplierApi(this IServiceCollection services)
    {
        BadInputProblems.AddTo(services);
        return services.AddOpenApi();
    }

    public static IEndpointRouteBuilder MapSupplierApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapGet("/schemas/import-financement.schema.json", () => TypedResults.Text(ImportSchema.Text(), "application/schema+json; charset=utf-8"))
            .AllowAnonymous()
            .ExcludeFromDescription();

        var api = app.MapGroup("/api/v1")
            .RequireAuthorization("SupplierApi")
            .WithTags("Fournisseurs");

        api.MapPost("/imports", PostImport)
            .WithSummary("Importe (ou simule, avec simulation=true) un fichier JSON de 1 à 200 demandes")
            .Accepts<object>("application/json")
            .DisableAntiforgery();
        api.MapGet("/imports", ListImports).WithSummary("Liste les imports (filtres : numeroAns, type, du, au)");
        api.MapGet("/imports/{identifiant:long}/fichier-retourne", ReturnedFile).WithSummary("Télécharge le fichier retourné d'un import");
        api.MapGet("/requests", ListRequests).WithSummary("Liste les demandes de financement, paginées");
        // GET /requests/{numeroASP} is in ActionsApi: staff tokens read a request too.
        api.MapRequestDocuments();
        api.MapRequestDocumentDownloads();
        return app;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> PostImport(
        HttpRequest http, ClaimsPrincipal user, ImportService imports, [FromQuery] bool? simulation, [FromQuery] string? nomFichier, CancellationToken ct)
    {
        var content = await ReadBodyAsync(http, ImportService.MaxBytes, ct);
        if (content is null)
        {
            return TypedResults.Problem(
                title: "Fichier trop volumineux",
                detail: $"Le fichier dépasse {ImportService.MaxBytes / 1024 / 1024} Mo : un import compte au plus 200 demandes.",
                statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        try
        {
            var result = await imports.ImportAsync(
                new ImportSubmission(user.SupplierOf()!.Value, user.Identity!.Name!, nomFichier ?? "import-api.json", content, simulation ?? false), ct);
            return TypedResults.Content(result.ReturnedJson, "application/json; charset=utf-8");
        }
        catch (ImportRefusedException refused)
        {
            return TypedResults.Problem(
                title: "Fichier refusé",
                detail: string.Join(" ", refused.Errors),
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["erreurs"] = refused.Errors });
        }
    }

    public static async Task<Results<Ok<Page<ImportSummary>>, ProblemHttpResult>> ListImports(
        ClaimsPrincipal user, ImportQueries queries, string? numeroAns, string? type, DateOnly? du, DateOnly? au, int? page, int? taille, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await queries.ListAsync(user.SupplierOf()!.Value, new ImportFilter(numeroAns, type, du, au), page, taille, ct));
        }
        catch (ArgumentException ex)
        {
            return TypedResults.Problem(title: "Filtre invalide", detail: ex.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> ReturnedFile(ClaimsPrincipal user, ImportQueries queries, long identifiant, CancellationToken ct) =>
        await queries.ReturnedFileAsync(user.SupplierOf()!.Value, identifiant, ct) is { } file
            ? TypedResults.File(System.Text.Encoding.UTF8.GetBytes(file.Json), "application/json", file.FileName)
            : TypedResults.NotFound();

    /// <summary>
    /// The requests table: its filters (both <c>du</c> and <c>au</c>, or neither), its order (<c>tri</c>: dateDepot, numeroAsp,
    /// numeroEditeur, type, logiciel, numeroAns, statut, montantDeclare, montantRetenu, montantDecide; <c>ordre</c>: asc or desc).
    /// </summary>
    public static async Task<Results<Ok<Page<RequestSummary>>, ProblemHttpResult>> ListRequests(
        ClaimsPrincipal user, RequestQueries queries, string? numero, string? type, [FromQuery] string[]? statut, string? etatPaiement,
        [FromQuery] string[]? numeroAns, [FromQuery] string[]? typeLogiciel, bool? historisee, DateOnly? du, DateOnly? au,
        string? tri, string? ordre, int? page, int? taille, CancellationToken ct)
    {
        var filter = new RequestFilter
        {
            Numero = numero, Type = type, Statuts = statut ?? [], EtatPaiement = etatPaiement, NumerosAns = numeroAns ?? [],
            TypesLogiciel = typeLogiciel ?? [], Historisee = historisee, Du = du, Au = au,
        };
        if (filter.Problem is { } problem)
        {
            return TypedResults.Problem(title: "Filtre invalide", detail: problem, statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(await queries.ListAsync(user.SupplierOf()!.Value, filter, RequestSort.Parse(tri, ordre), page, taille, ct: ct));
    }

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is larger.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest http, int limit, CancellationToken ct)
    {
        if (http.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

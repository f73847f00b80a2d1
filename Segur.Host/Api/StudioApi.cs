using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Segur.Host.Identity;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;

namespace Segur.Host.Api;

/// <summary>A draft's text with the token of the reading it comes from.</summary>
public sealed record DraftEdit(string Json, int Token);

/// <summary>The token of the reading an action on the draft comes from.</summary>
public sealed record DraftToken(int Token);

/// <summary>JSON text to check.</summary>
public sealed record DefinitionText(string Json);

/// <summary>A problem of a definition, with its JSON path and its line in the text.</summary>
public sealed record ProblemAt(string Path, int Line, string Message);

public sealed record DraftSavedAnswer(int Token, DateTime UpdatedAt, IReadOnlyList<ProblemAt> Problems);

/// <summary>
/// Publishing the draft: the token of your reading; when the draft removes or renames states that dossiers are in, the
/// state each goes to (<c>correspondances</c>: old code → new code) and the dossiers seen in the preview (<c>dossiers</c>).
/// </summary>
public sealed record DraftPublish(int Token, Dictionary<string, string>? Correspondances, List<Guid>? Dossiers);

/// <summary>The states to map before publishing: <c>correspondances</c> old code → new code.</summary>
public sealed record PublicationMapping(Dictionary<string, string>? Correspondances);

/// <summary>A published version; <c>Deplaces</c>: the dossiers moved into it by the publication.</summary>
public sealed record PublishedAnswer(string DefinitionId, int Version, int Deplaces = 0);

/// <summary>
/// The analysts' Studio API (/api/v1/studio), for analysts' personal API tokens only (any other account: 403). The
/// Studio's pages call the same services (decision 0100): drafts saved with their token, validation, comparison, publication.
/// </summary>
public static class StudioApi
{
    public static IEndpointRouteBuilder MapStudioApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/studio")
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.Analyste))
            .WithTags("Studio");

        api.MapGet("/definitions", ListDefinitions).WithSummary("Les définitions : versions, brouillon, dossiers en cours par version et par état");
        api.MapGet("/definitions/{id}/versions/{version:int}", GetVersion).WithSummary("Le JSON d'une version");
        api.MapPost("/definitions/{id}/versions/{version:int}/publish", Republish)
            .WithSummary("Remet une version en service (retour arrière) : elle devient une nouvelle version");
        api.MapGet("/definitions/{id}/draft", GetDraft).WithSummary("Le brouillon ouvert et son jeton");
        api.MapPost("/definitions/{id}/draft", OpenDraft).WithSummary("Ouvre le brouillon (un seul par définition) à partir de la version en service");
        api.MapPut("/definitions/{id}/draft", SaveDraft).WithSummary("Enregistre le brouillon avec le jeton de votre lecture (409 si quelqu'un l'a modifié depuis)");
        api.MapDelete("/definitions/{id}/draft", DiscardDraft).WithSummary("Abandonne le brouillon");
        api.MapPost("/definitions/{id}/draft/rebase", RebaseDraft).WithSummary("Marque le brouillon à jour de la version publiée depuis son ouverture");
        api.MapPost("/definitions/{id}/draft/publish/preview", PreviewPublication)
            .WithSummary("Aperçu de la publication : les états en usage que le brouillon retire ou renomme, et les dossiers (numéro ASP ou ANS) que la correspondance déplacerait");
        api.MapPost("/definitions/{id}/draft/publish", PublishDraft)
            .WithSummary("Publie le brouillon : nouvelle version pour les nouveaux dossiers ; s'il retire des états en usage, 409 tant que la correspondance manque, puis publication et déplacement en une seule étape");
        api.MapPost("/validate", Validate).WithSummary("Vérifie un texte de définition (schéma et sens) ; chaque problème avec son chemin et sa ligne");
        api.MapGet("/definitions/{id}/diff", Diff).WithSummary("Compare deux versions (numéro ou « brouillon ») en français");
        api.MapStudioRunApi();
        return app;
    }

    public static async Task<Ok<IReadOnlyList<DefinitionSummary>>> ListDefinitions(DefinitionOverview overview, CancellationToken ct) =>
        TypedResults.Ok(await overview.ListAsync(ct));

    public static async Task<Results<ContentHttpResult, NotFound>> GetVersion(DefinitionCatalog catalog, string id, int version, CancellationToken ct) =>
        await catalog.GetJsonAsync(id, version, ct) is { } json ? TypedResults.Content(json, "application/json; charset=utf-8") : TypedResults.NotFound();

    public static async Task<Results<Ok<DraftView>, NotFound>> GetDraft(DefinitionDrafts drafts, string id, CancellationToken ct) =>
        await drafts.GetAsync(id, ct) is { } draft ? TypedResults.Ok(draft) : TypedResults.NotFound();

    public static async Task<Results<Created<DraftView>, ProblemHttpResult>> OpenDraft(DefinitionDrafts drafts, ClaimsPrincipal user, string id, CancellationToken ct)
    {
        try
        {
            var draft = await drafts.OpenAsync(id, user.Identity!.Name!, ct: ct);
            return TypedResults.Created($"/api/v1/studio/definitions/{id}/draft", draft);
        }
        catch (DraftConflictException conflict)
        {
            return Conflict(conflict);
        }
        catch (WorkflowException ex)
        {
            return TypedResults.Problem(title: "Brouillon impossible", detail: ex.Message, statusCode: StatusCodes.Status404NotFound);
        }
    }

    public static async Task<Results<Ok<DraftSavedAnswer>, ProblemHttpResult>> SaveDraft(
        DefinitionDrafts drafts, ClaimsPrincipal user, string id, DraftEdit edit, CancellationToken ct)
    {
        try
        {
            var saved = await drafts.SaveAsync(id, edit.Json, user.Identity!.Name!, edit.Token, ct);
            return TypedResults.Ok(new DraftSavedAnswer(saved.Token, saved.UpdatedAt, At(edit.Json, saved.Problems)));
        }
        catch (DraftConflictException conflict)
        {
            return Conflict(conflict);
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DiscardDraft(DefinitionDrafts drafts, string id, int token, CancellationToken ct)
    {
        try
        {
            await drafts.DiscardAsync(id, token, ct);
            return TypedResults.NoContent();
        }
        catch (DraftConflictException conflict)
        {
            return Conflict(conflict);
        }
    }

    public static async Task<Results<Ok<DraftView>, ProblemHttpResult>> RebaseDraft(
        DefinitionDrafts drafts, ClaimsPrincipal user, string id, DraftToken token, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await drafts.RebaseAsync(id, user.Identity!.Name!, token.Token, ct));
        }
        catch (DraftConflictException conflict)
        {
            return Conflict(conflict);
        }
    }

    public static async Task<Results<Created<PublishedAnswer>, ProblemHttpResult>> PublishDraft(
        DefinitionDrafts drafts, ClaimsPrincipal user, string id, DraftPublish body, CancellationToken ct)
    {
        try
        {
            var migration = body.Correspondances is { Count: > 0 } mapping ? new PublishMigration(mapping, body.Dossiers) : null;
            var published = await drafts.PublishAsync(id, user.Identity!.Name!, body.Token, migration, ct);
            return TypedResults.Created($"/api/v1/studio/definitions/{id}/versions/{published.Version}",
                new PublishedAnswer(id, published.Version, published.Moved));
        }
        catch (InvalidDefinitionException invalid)
        {
            return Invalid(invalid, (await drafts.GetAsync(id, ct))?.Json ?? "");
        }
        catch (DraftConflictException conflict)
        {
            return Conflict(conflict);
        }
        catch (StateMappingRequiredException mapping)
        {
            return TypedResults.Problem(title: "Correspondance des états requise", detail: mapping.Message, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?>
                {
                    ["etatsACorrespondre"] = mapping.Unmapped,
                    ["etatsRetires"] = mapping.Preview.Removed,
                    ["etatsCibles"] = mapping.Preview.TargetStates,
                });
        }
        catch (WorkflowException ex)
        {
            return TypedResults.Problem(title: "Publication refusée", detail: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }

    public static async Task<Results<Ok<PublicationPreview>, ProblemHttpResult>> PreviewPublication(
        DefinitionDrafts drafts, string id, PublicationMapping body, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await drafts.PreviewPublicationAsync(id, body.Correspondances, ct));
        }
        catch (InvalidDefinitionException invalid)
        {
            return Invalid(invalid, (await drafts.GetAsync(id, ct))?.Json ?? "");
        }
        catch (DraftConflictException conflict)
        {
            return Conflict(conflict);
        }
    }

    public static async Task<Results<Created<PublishedAnswer>, ProblemHttpResult, NotFound>> Republish(
        DefinitionCatalog catalog, ClaimsPrincipal user, string id, int version, CancellationToken ct)
    {
        if (await catalog.GetJsonAsync(id, version, ct) is not { } json)
        {
            return TypedResults.NotFound();
        }

        try
        {
            var current = await catalog.PublishAsync(id, version, user.Identity!.Name!, ct);
            return TypedResults.Created($"/api/v1/studio/definitions/{id}/versions/{current}", new PublishedAnswer(id, current));
        }
        catch (InvalidDefinitionException invalid)
        {
            return Invalid(invalid, json);
        }
    }

    public static Ok<IReadOnlyList<ProblemAt>> Validate(DefinitionCompiler compiler, DefinitionText text) =>
        TypedResults.Ok(At(text.Json, compiler.Validate(text.Json)));

    public static async Task<Results<Ok<IReadOnlyList<DiffSection>>, ProblemHttpResult>> Diff(
        DefinitionCatalog catalog, DefinitionDrafts drafts, string id, string from, string to, CancellationToken ct)
    {
        var left = await TextAsync(catalog, drafts, id, from, ct);
        var right = await TextAsync(catalog, drafts, id, to, ct);
        return left is null || right is null
            ? TypedResults.Problem(title: "Version introuvable", detail: "Donnez deux numéros de version existants, ou « brouillon » pour le brouillon ouvert.",
                statusCode: StatusCodes.Status404NotFound)
            : TypedResults.Ok(DefinitionDiff.Compare(left, right));
    }

    private static async Task<string?> TextAsync(DefinitionCatalog catalog, DefinitionDrafts drafts, string id, string which, CancellationToken ct) =>
        which == "brouillon"
            ? (await drafts.GetAsync(id, ct))?.Json
            : int.TryParse(which, out var version) ? await catalog.GetJsonAsync(id, version, ct) : null;

    private static IReadOnlyList<ProblemAt> At(string json, IReadOnlyList<DefinitionProblem> problems)
    {
        var lines = JsonPathLines.Index(json);
        return problems.Select(p => new ProblemAt(p.Path, JsonPathLines.LineOf(lines, p.Path), p.Message)).ToList();
    }

    private static ProblemHttpResult Conflict(DraftConflictException conflict) => TypedResults.Problem(
        title: "Brouillon modifié entre-temps",
        detail: conflict.Message,
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["brouillonActuel"] = conflict.Current });

    private static ProblemHttpResult Invalid(InvalidDefinitionException invalid, string json) => TypedResults.Problem(
        title: "Définition invalide",
        detail: $"{invalid.Problems.Count} problème(s) empêchent la publication ; rien n'a été publié.",
        statusCode: StatusCodes.Status422UnprocessableEntity,
        extensions: new Dictionary<string, object?> { ["problemes"] = At(json, invalid.Problems) });
}

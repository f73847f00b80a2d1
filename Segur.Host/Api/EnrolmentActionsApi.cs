using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Segur.Host.Identity;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Instruction;

namespace Segur.Host.Api;

/// <summary>An enrolment as GET /api/v1/enrolments/{numeroAns} answers it.</summary>
public sealed record EnrolmentView(
    [property: Description("Numéro de référencement ANS du logiciel enrôlé.")] string NumeroAns,
    [property: Description("Dénomination sociale du fournisseur.")] string Denomination,
    [property: Description("SIRET du fournisseur (14 chiffres).")] string Siret,
    [property: Description("Type d'enrôlement : « initial » ou « complémentaire ».")] string TypeEnrolement,
    [property: Description("Type de logiciel (ex. « LGC »).")] string TypeLogiciel,
    [property: Description("Couloir du logiciel (ex. « MEDECIN_DE_VILLE »).")] string Couloir,
    [property: Description("Date et heure du dépôt (UTC).")] DateTime DateDepot,
    [property: Description("Statut de l'enrôlement, libellé français (ex. « En cours », « Validée »).")] string Statut);

/// <summary>
/// The actions API of enrolments (/api/v1/enrolments/{numeroAns}), the same contract as the requests' one: the triggers of the
/// "enrolment" definition the caller may fire now, and the fire. A supplier reaches its own enrolments, staff every one; the
/// rest answers 404, revealing nothing.
/// </summary>
public static class EnrolmentActionsApi
{
    public static IEndpointRouteBuilder MapEnrolmentActionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/enrolments/{numeroAns}")
            .RequireAuthorization(Policies.ApiCaller)
            .WithTags("Enrôlements et actions");
        api.MapGet("", GetEnrolment)
            .WithSummary("Un enrôlement et son statut")
            .WithDescription("Un fournisseur ne voit que ses enrôlements, l'ASP tous.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/actions", ListActions)
            .WithSummary("Les actions possibles maintenant sur l'enrôlement")
            .WithDescription("Les déclencheurs que l'appelant peut faire maintenant, selon son rôle et le statut, lus dans la définition « enrolment ».")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/actions/{trigger}", FireAction)
            .WithSummary("Fait une action sur l'enrôlement")
            .WithDescription("Corps JSON facultatif : reason (motif de rejet), document (pièce demandée), fields. Mêmes réponses d'erreur que les " +
                             "actions sur les demandes : 404, 409, 422 ; en cas d'erreur rien n'est enregistré.")
            .Accepts<ActionBody>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery();
        return app;
    }

    public static async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> GetEnrolment(
        ClaimsPrincipal user, EnrolmentInstruction enrolments, string numeroAns, CancellationToken ct) =>
        await enrolments.FindAsync(user.ToActor(), numeroAns, ct) is { } found ? TypedResults.Ok(View(found.Row)) : NotFound(numeroAns);

    public static async Task<Results<Ok<IReadOnlyList<ActionView>>, ProblemHttpResult>> ListActions(
        ClaimsPrincipal user, EnrolmentInstruction enrolments, SubjectActions actions, string numeroAns, CancellationToken ct)
    {
        var actor = user.ToActor();
        if (await enrolments.FindAsync(actor, numeroAns, ct) is not { } found)
        {
            return NotFound(numeroAns);
        }

        var view = await actions.GetAsync(EnrolmentStates.SubjectType, found.Id.ToString(), actor, ct);
        IReadOnlyList<ActionView> list = view is null ? [] : [.. view.Actions.Select(a => ActionsApi.ToView(a, view.DefinitionName))];
        return TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<EnrolmentView>, ProblemHttpResult>> FireAction(
        HttpRequest http, ClaimsPrincipal user, EnrolmentInstruction enrolments, SubjectActions actions, string numeroAns, string trigger, CancellationToken ct)
    {
        var actor = user.ToActor();
        if (await enrolments.FindAsync(actor, numeroAns, ct) is not { } found)
        {
            return NotFound(numeroAns);
        }

        var subjectId = found.Id.ToString();
        try
        {
            var body = await ActionsApi.ReadBodyAsync(http, ct);
            var offered = (await actions.GetAsync(EnrolmentStates.SubjectType, subjectId, actor, ct))?.Actions.FirstOrDefault(a => a.Trigger == trigger);
            await actions.FireAsync(EnrolmentStates.SubjectType, subjectId, trigger, ActionsApi.Values(body, offered), actor, ct: ct);
        }
        catch (UnknownActionException)
        {
            return TypedResults.Problem(
                title: "Action introuvable", statusCode: StatusCodes.Status404NotFound,
                detail: $"L'enrôlement {numeroAns} n'offre pas d'action « {trigger} » à votre compte.");
        }
        catch (WorkflowException ex)
        {
            return ActionsApi.Problem(ex);
        }

        return TypedResults.Ok(View((await enrolments.FindAsync(actor, numeroAns, ct))!.Value.Row));
    }

    private static EnrolmentView View(EnrolmentInstructionRow row) =>
        new(row.NumeroAns, row.Denomination, row.Siret, row.TypeEnrolement, row.TypeLogiciel, row.Couloir, row.DateDepot, row.Statut);

    private static ProblemHttpResult NotFound(string numeroAns) => TypedResults.Problem(
        title: "Enrôlement introuvable", statusCode: StatusCodes.Status404NotFound,
        detail: $"Aucun enrôlement du logiciel n° ANS {numeroAns} n'est accessible à votre compte.");
}

using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Scalar.AspNetCore;
using Segur.Host.Identity;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Financing;
using Segur.Workflows.Instruction;
using Segur.Workflows.Payments;

namespace Segur.Host.Api;

/// <summary>An action the caller may take now on a request, as its lifecycle's definition declares it.</summary>
public sealed record ActionView(
    [property: Description("Nom du déclencheur, à reprendre dans l'adresse POST /api/v1/requests/{numeroASP}/actions/{trigger} (ex. « DemanderPiece »).")]
    string Trigger,
    [property: Description("Libellé de l'action en français, tel que l'affichent les pages (ex. « Demander une pièce »).")]
    string Label,
    [property: Description("Libellé du statut auquel l'action mène (ex. « En attente de pièce jointe complémentaire »).")]
    string TargetStatut,
    [property: Description("Vrai quand un motif est obligatoire : il se donne dans « reason » (ou dans « fields » sous le nom du champ).")]
    bool ReasonRequired,
    [property: Description("Cycle de vie concerné : « Demande de financement » ou « Versement » (état de paiement).")]
    string Cycle,
    [property: Description("Les champs à renseigner, déclarés par la définition de l'action.")]
    IReadOnlyList<ActionFieldView> Fields);

/// <summary>A field of an action's form.</summary>
public sealed record ActionFieldView(
    [property: Description("Nom du champ, clé de l'objet « fields » du POST.")] string Name,
    [property: Description("Libellé du champ en français.")] string Label,
    [property: Description("Type : « text », « multiline », « number » (nombre décimal, ex. 1250.50) ou « date » (aaaa-mm-jj ou jj/mm/aaaa).")] string Type,
    [property: Description("Vrai quand le champ est obligatoire.")] bool Required);

/// <summary>What the caller sends to fire an action.</summary>
public sealed record ActionBody(
    [property: Description("Le motif (rejet, annulation après reversement) ou les corrections demandées : le premier champ multiligne de l'action.")]
    string? Reason,
    [property: Description("La pièce demandée (action « DemanderPiece ») : le premier champ texte de l'action.")]
    string? Document,
    [property: Description("Les autres champs, par leur nom (ex. {\"montantPaye\": 360.00, \"datePaiement\": \"2026-12-01\"}) ; une liste de textes devient un texte d'une ligne par élément.")]
    Dictionary<string, JsonElement>? Fields);

/// <summary>
/// The actions API (/api/v1/requests/{numeroASP}/actions): the triggers the caller may fire now on a request (its own lifecycle
/// and its payment's), and the fire. Suppliers' software and staff tools call it with their personal API token; a supplier only
/// reaches its own requests, staff every request they may see. What the caller may not reach answers 404, revealing nothing.
/// </summary>
public static class ActionsApi
{
    public static IEndpointRouteBuilder MapActionsApi(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(Security.SecurityHeaders.ApiReferencePath, options => options
                .WithTitle("API du portail Ségur")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();

        var api = app.MapGroup("/api/v1/requests/{numeroASP}")
            .RequireAuthorization(Policies.ApiCaller)
            .WithTags("Demandes et actions");
        api.MapGet("", GetRequest)
            .WithSummary("Une demande de financement et ses versions")
            .WithDescription("La demande telle que les pages la montrent : statut, état du paiement, montants déclarés ; les montants retenus " +
                             "(montantRetenuHT, montantRetenuTTC) et décidé (montantDecide) une fois la demande instruite ; les versements (VERSE001 : type, " +
                             "état, montant décidé, dates, montant payé, date de paiement effective, avis de paiement). Un fournisseur ne voit que " +
                             "ses demandes, l'ASP toutes celles qui sont déposées (jamais les demandes non complétées).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/actions", ListActions)
            .WithSummary("Les actions possibles maintenant sur la demande")
            .WithDescription("Les déclencheurs que l'appelant peut faire maintenant, selon son rôle et le statut de la demande, lus dans la " +
                             "définition du cycle de vie (demande et versement) : aucune action n'est codée en dur.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapPost("/actions/{trigger}", FireAction)
            .WithSummary("Fait une action sur la demande")
            .WithDescription("Corps JSON facultatif : reason, document, fields. Réponse : la demande après l'action (comme GET), ou 204 sans " +
                             "contenu quand l'action l'a supprimée (Supprimer une demande non complétée). Réponses d'erreur (ProblemDetails, en français) : 404 demande ou " +
                             "action inconnue de l'appelant ; 409 action impossible dans le statut actuel, tâche prise par un autre gestionnaire ou " +
                             "action concurrente ; 422 champ obligatoire manquant, valeur illisible ou règle métier (ex. montant payé différent du " +
                             "montant décidé). En cas d'erreur rien n'est enregistré.")
            .Accepts<ActionBody>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DisableAntiforgery();
        app.MapEnrolmentActionsApi();
        return app;
    }

    public static async Task<Results<Ok<RequestView>, ProblemHttpResult>> GetRequest(
        ClaimsPrincipal user, RequestQueries requests, InstructionQueries instruction, PaymentDesk payments, string numeroASP, CancellationToken ct) =>
        await FindAsync(user, requests, instruction, numeroASP, ct) is { } detail
            ? TypedResults.Ok(RequestView.From(detail, await payments.ForRequestAsync(detail.Id, ct)))
            : RequestNotFound(numeroASP);

    public static async Task<Results<Ok<IReadOnlyList<ActionView>>, ProblemHttpResult>> ListActions(
        ClaimsPrincipal user, RequestQueries requests, InstructionQueries instruction, RequestActions actions, string numeroASP, CancellationToken ct)
    {
        if (await FindAsync(user, requests, instruction, numeroASP, ct) is not { } detail)
        {
            return RequestNotFound(numeroASP);
        }

        var views = await actions.ListAsync(detail.Id, user.ToActor(), ct);
        IReadOnlyList<ActionView> list = [.. views.SelectMany(v => v.Actions.Select(a => ToView(a, v.DefinitionName)))];
        return TypedResults.Ok(list);
    }

    public static async Task<Results<Ok<RequestView>, NoContent, ProblemHttpResult>> FireAction(
        HttpRequest http, ClaimsPrincipal user, RequestQueries requests, InstructionQueries instruction, RequestActions actions, PaymentDesk payments,
        string numeroASP, string trigger, CancellationToken ct)
    {
        if (await FindAsync(user, requests, instruction, numeroASP, ct) is not { } detail)
        {
            return RequestNotFound(numeroASP);
        }

        var actor = user.ToActor();
        try
        {
            var body = await ReadBodyAsync(http, ct);
            var offered = (await actions.ListAsync(detail.Id, actor, ct)).SelectMany(v => v.Actions).FirstOrDefault(a => a.Trigger == trigger);
            var values = Values(body, offered);
            await actions.FireAsync(detail.Id, trigger, values, actor, ct);
        }
        catch (UnknownActionException)
        {
            return TypedResults.Problem(
                title: "Action introuvable", statusCode: StatusCodes.Status404NotFound,
                detail: $"La demande {numeroASP} n'offre pas d'action « {trigger} » à votre compte.");
        }
        catch (WorkflowException ex)
        {
            return Problem(ex);
        }

        // An action that deletes the request (Supprimer, on an incomplete one) leaves nothing to show.
        return await FindAsync(user, requests, instruction, numeroASP, ct) is { } after
            ? TypedResults.Ok(RequestView.From(after, await payments.ForRequestAsync(after.Id, ct)))
            : TypedResults.NoContent();
    }

    /// <summary>The request as the caller may see it: a supplier its own, staff what the definition lets them see; else null.</summary>
    private static async Task<RequestDetail?> FindAsync(ClaimsPrincipal user, RequestQueries requests, InstructionQueries instruction, string numeroASP, CancellationToken ct)
    {
        if (user.SupplierOf() is { } supplierId)
        {
            return await requests.GetAsync(supplierId, numeroASP, ct);
        }

        return await instruction.IsVisibleAsync(numeroASP, ct) ? await requests.GetAsync(null, numeroASP, ct) : null;
    }

    private static ProblemHttpResult RequestNotFound(string numeroASP) => TypedResults.Problem(
        title: "Demande introuvable", statusCode: StatusCodes.Status404NotFound,
        detail: $"Aucune demande n° {numeroASP} n'est accessible à votre compte.");

    internal static ProblemHttpResult Problem(WorkflowException ex) => ex switch
    {
        ActionInputException input => TypedResults.Problem(
            title: "Valeur invalide", detail: input.Message, statusCode: StatusCodes.Status422UnprocessableEntity,
            extensions: new Dictionary<string, object?> { ["erreurs"] = input.Errors }),
        MissingInputException => TypedResults.Problem(title: "Champ obligatoire manquant", detail: ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity),
        BusinessRuleException => TypedResults.Problem(title: "Action refusée", detail: ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity),
        TriggerNotPermittedException => TypedResults.Problem(title: "Action impossible dans ce statut", detail: ex.Message, statusCode: StatusCodes.Status409Conflict),
        TaskClaimedException => TypedResults.Problem(title: "Tâche prise par un autre gestionnaire", detail: ex.Message, statusCode: StatusCodes.Status409Conflict),
        ConcurrencyConflictException => TypedResults.Problem(title: "Action concurrente", detail: ex.Message, statusCode: StatusCodes.Status409Conflict),
        WorkflowIncidentException => TypedResults.Problem(title: "Incident", detail: ex.Message, statusCode: StatusCodes.Status500InternalServerError),
        _ => TypedResults.Problem(title: "Action impossible", detail: ex.Message, statusCode: StatusCodes.Status409Conflict),
    };

    internal static ActionView ToView(SubjectAction action, string cycle) => new(
        action.Trigger, action.Label, action.TargetLabel, action.ReasonRequired, cycle,
        [.. action.Fields.Select(f => new ActionFieldView(f.Name, f.Label, f.Type, f.Required))]);

    internal static async Task<ActionBody?> ReadBodyAsync(HttpRequest http, CancellationToken ct)
    {
        var content = await SupplierApi.ReadBodyAsync(http, 64 * 1024, ct)
            ?? throw new ActionInputException(["Le corps de la requête dépasse 64 Ko."]);
        if (content.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ActionBody>(content, JsonSerializerOptions.Web);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (ligne {line + 1}, position {ex.BytePositionInLine + 1})" : "";
            throw new ActionInputException([$"Le corps n'est pas un objet JSON {{\"reason\", \"document\", \"fields\"}} lisible{where}."]);
        }
    }

    /// <summary>
    /// The values by field name: "fields" as given; "reason" fills the action's first multiline field and "document" its first
    /// text field, unless "fields" names them. A reason or a document the action does not take is refused, not ignored.
    /// </summary>
    internal static Dictionary<string, string?> Values(ActionBody? body, SubjectAction? action)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var (name, value) in body?.Fields ?? [])
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    values[name] = value.GetString();
                    break;
                case JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                    values[name] = value.GetRawText();
                    break;
                case JsonValueKind.Null or JsonValueKind.Undefined:
                    values[name] = null;
                    break;
                case JsonValueKind.Array when value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String):
                    values[name] = string.Join("\n", value.EnumerateArray().Select(e => e.GetString()));
                    break;
                default:
                    errors.Add($"« fields.{name} » doit être un texte, un nombre ou une liste de textes.");
                    break;
            }
        }

        if (action is not null)
        {
            Fill(values, errors, body?.Reason, "reason", action, action.Fields.FirstOrDefault(f => f.Type == "multiline")?.Name, "de motif");
            Fill(values, errors, body?.Document, "document", action, action.Fields.FirstOrDefault(f => f.Type == "text")?.Name, "de pièce à nommer");
        }

        return errors.Count > 0 ? throw new ActionInputException(errors) : values;
    }

    private static void Fill(Dictionary<string, string?> values, List<string> errors, string? given, string key, SubjectAction action, string? field, string what)
    {
        if (given is null)
        {
            return;
        }

        if (field is null)
        {
            errors.Add($"L'action « {action.Label} » n'attend pas {what} : retirez « {key} ».");
        }
        else
        {
            values.TryAdd(field, given);
        }
    }
}

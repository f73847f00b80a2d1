using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Segur.Host.Identity;

namespace Segur.Host.Api;

/// <summary>
/// On /api/*, what the caller sent wrong becomes a French ProblemDetails (400, 409 or 413) instead of a 500: a query
/// value that does not read, a body too large, a multipart body that does not read, a value the database refuses.
/// </summary>
internal sealed partial class BadInputProblems(IProblemDetailsService problems) : IExceptionHandler
{
    /// <summary>The largest body of an upload (documents or zip), as routing and the form reader enforce it.</summary>
    public const long MaxUploadBody = 60 * 1024 * 1024;

    public static void AddTo(IServiceCollection services)
    {
        services.AddExceptionHandler<BadInputProblems>();
        // A query value that does not bind (page=abc) throws, so that it is answered below rather than with an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = MaxUploadBody);
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!ApiProblems.IsApiRequest(context.Request) || Describe(exception) is not var (status, title, detail))
        {
            return false;
        }

        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext { HttpContext = context, Exception = exception };
        problem.ProblemDetails.Status = status;
        problem.ProblemDetails.Title = title;
        problem.ProblemDetails.Detail = detail;
        return await problems.TryWriteAsync(problem);
    }

    public static (int Status, string Title, string Detail)? Describe(Exception exception) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(),
        InvalidDataException invalid when invalid.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase) => TooLarge(),
        BadHttpRequestException bad when Binding().Match(bad.Message) is { Success: true } m => (StatusCodes.Status400BadRequest, "Paramètre invalide",
            $"Le paramètre « {m.Groups["name"].Value} » vaut « {m.Groups["value"].Value} », qui n'est pas {Expected(m.Groups["type"].Value)}."),
        BadHttpRequestException bad => (bad.StatusCode, "Requête invalide", "La requête est incomplète ou mal formée."),
        InvalidDataException or IOException => (StatusCodes.Status400BadRequest, "Envoi illisible",
            "Le corps de la requête multipart/form-data est illisible (frontière absente, envoi tronqué, en-tête de partie incorrect ou plus de 1 024 parties)."),
        DbUpdateException => (StatusCodes.Status409Conflict, "Enregistrement refusé",
            "La base de données a refusé l'enregistrement (valeur manquante ou déjà utilisée) : rien n'a été enregistré. Vérifiez les données envoyées."),
        _ => null,
    };

    private static (int, string, string) TooLarge() => (StatusCodes.Status413PayloadTooLarge, "Envoi trop volumineux",
        $"L'envoi dépasse {MaxUploadBody / 1024 / 1024} Mo : envoyez les pièces en plusieurs fois.");

    private static string Expected(string type) => type switch
    {
        _ when type.Contains("DateOnly", StringComparison.Ordinal) => "une date valide (aaaa-mm-jj)",
        _ when type.Contains("int", StringComparison.Ordinal) || type.Contains("long", StringComparison.Ordinal) => "un nombre entier",
        _ when type.Contains("bool", StringComparison.Ordinal) => "true ou false",
        _ => "une valeur valide",
    };

    [GeneratedRegex("""Failed to bind parameter "(?<type>[^"]+?) (?<name>[^" ]+)" from "(?<value>[^"]*)"\.""")]
    private static partial Regex Binding();
}

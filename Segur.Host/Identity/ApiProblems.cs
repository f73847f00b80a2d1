namespace Segur.Host.Identity;

/// <summary>The French ProblemDetails answers of authentication on the API paths (/api/*).</summary>
internal static class ApiProblems
{
    public static bool IsApiRequest(HttpRequest request) => request.Path.StartsWithSegments("/api");

    public static Task UnauthorizedAsync(HttpContext context, string? detail = null) => WriteAsync(
        context,
        StatusCodes.Status401Unauthorized,
        "Authentification requise",
        detail ?? "Jeton d'API manquant : envoyez votre jeton personnel dans l'en-tête « Authorization: Bearer <jeton> ».");

    public static Task ForbiddenAsync(HttpContext context) => WriteAsync(
        context,
        StatusCodes.Status403Forbidden,
        "Accès refusé",
        "Votre compte n'a pas accès à cette ressource.");

    private static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetailsContext { HttpContext = context };
        problem.ProblemDetails.Status = status;
        problem.ProblemDetails.Title = title;
        problem.ProblemDetails.Detail = detail;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(problem);
    }
}

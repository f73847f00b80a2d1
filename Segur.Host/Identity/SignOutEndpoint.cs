using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Segur.Host.Identity;

/// <summary>"Se déconnecter": a form POST with its antiforgery token, from the top banner.</summary>
public static class SignOutEndpoint
{
    public const string Path = "/deconnexion";

    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, SignOutAsync).ExcludeFromDescription();
        return app;
    }

    // The token is checked here rather than through form binding: the form carries nothing else.
    internal static async Task<Results<RedirectHttpResult, ProblemHttpResult>> SignOutAsync(
        HttpContext context, IAntiforgery antiforgery, PasswordSignIn signIn)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Requête refusée",
                detail: "Le formulaire de déconnexion a expiré : rechargez la page puis cliquez à nouveau sur « Se déconnecter ».");
        }

        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/?deconnexion=1");
    }
}

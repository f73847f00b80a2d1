using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Segur.Host.Identity;

/// <summary><c>GET /api/v1/moi</c>: who the API token belongs to (lets a supplier check its token and set-up).</summary>
public static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").RequireAuthorization(Policies.SupplierApi).WithTags("Compte");
        group.MapGet("/moi", GetMe)
            .WithName("GetMe")
            .WithSummary("Le compte auquel appartient le jeton d'API")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    internal static Ok<Me> GetMe(ClaimsPrincipal user) => TypedResults.Ok(new Me(
        user.Identity!.Name!,
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
        user.SupplierOf(),
        user.FindFirstValue(ActorClaims.SupplierName)));

    /// <summary>The signed-in account: its UID, roles and, for a Fournisseur, its company.</summary>
    public sealed record Me(string Uid, IReadOnlyList<string> Roles, Guid? SupplierId, string? Denomination);
}

using System.Security.Claims;
using Segur.Workflows.Engine.Runtime;

namespace Segur.Host.Identity;

/// <summary>The claims every signed-in principal carries (cookie or API token), and the engine actor they make.</summary>
public static class ActorClaims
{
    /// <summary>The supplier company (Supplier.Id) a Fournisseur belongs to.</summary>
    public const string SupplierId = "segur:supplier";

    public static Actor ToActor(this ClaimsPrincipal user) => new(
        user.Identity?.Name ?? throw new InvalidOperationException("Anonymous principal."),
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
        user.FindFirstValue(SupplierId));

    /// <summary>The company of a supplier user; null for staff.</summary>
    public static Guid? SupplierOf(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SupplierId), out var id) ? id : null;
}

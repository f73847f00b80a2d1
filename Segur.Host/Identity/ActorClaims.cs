using System.Security.Claims;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Runtime;

namespace Segur.Host.Identity;

/// <summary>The claims every signed-in principal carries (cookie or API token), and the engine actor they make.</summary>
public static class ActorClaims
{
    /// <summary>The supplier company (Supplier.Id) a Fournisseur belongs to.</summary>
    public const string SupplierId = "segur:supplier";

    /// <summary>The company name (dénomination sociale) of a Fournisseur, shown in the top banner.</summary>
    public const string SupplierName = "segur:supplier-name";

    /// <summary>The person's or the account's display name.</summary>
    public const string DisplayName = "segur:display-name";

    public static Actor ToActor(this ClaimsPrincipal user) => new(
        user.Identity?.Name ?? throw new InvalidOperationException("Anonymous principal."),
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList(),
        user.FindFirstValue(SupplierId));

    /// <summary>The company of a supplier user; null for staff.</summary>
    public static Guid? SupplierOf(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SupplierId), out var id) ? id : null;

    /// <summary>The French label of the user's profile, as the top banner shows it ("Fournisseur", "Gestionnaire ASP"...).</summary>
    public static string ProfileLabel(this ClaimsPrincipal user) =>
        string.Join(" · ", Roles.All.Where(user.IsInRole).Select(RoleLabel).DefaultIfEmpty("Sans profil"));

    public static string RoleLabel(string role) => role switch
    {
        Roles.Fournisseur => "Fournisseur",
        Roles.Gestionnaire => "Gestionnaire ASP",
        Roles.Analyste => "Analyste métier",
        Roles.Administrateur => "Administrateur",
        Roles.Superviseur => "Superviseur",
        _ => role,
    };
}

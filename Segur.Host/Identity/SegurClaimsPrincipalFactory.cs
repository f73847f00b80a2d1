using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Segur.Workflows.Accounts;
using Segur.Workflows.Persistence;

namespace Segur.Host.Identity;

/// <summary>
/// Name = UID and the roles (from Identity), plus the display name and, for a Fournisseur, its company
/// (<see cref="ActorClaims.SupplierId"/> and its name). Used by the cookie sign-in and by the API token scheme alike.
/// </summary>
internal sealed class SegurClaimsPrincipalFactory(
    UserManager<UserAccount> users,
    RoleManager<IdentityRole> roles,
    IOptions<IdentityOptions> options,
    SegurDbContext db)
    : UserClaimsPrincipalFactory<UserAccount, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(UserAccount user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.DisplayName.Length > 0)
        {
            identity.AddClaim(new Claim(ActorClaims.DisplayName, user.DisplayName));
        }

        if (user.SupplierId is { } supplierId && identity.HasClaim(Options.ClaimsIdentity.RoleClaimType, Roles.Fournisseur))
        {
            identity.AddClaim(new Claim(ActorClaims.SupplierId, supplierId.ToString()));
            var company = await db.Suppliers.AsNoTracking()
                .Where(s => s.Id == supplierId)
                .Select(s => s.Denomination)
                .FirstOrDefaultAsync();
            if (company is not null)
            {
                identity.AddClaim(new Claim(ActorClaims.SupplierName, company));
            }
        }

        return identity;
    }
}

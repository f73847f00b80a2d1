using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Accounts;

/// <summary>Creates the first account of a supplier company when its first enrolment is validated.</summary>
public sealed class SupplierAccounts
{
    private static readonly PasswordHasher<UserAccount> s_hasher = new();

    /// <summary>
    /// Adds a Fournisseur account to <paramref name="db"/> (saved with the caller's transaction) and returns its UID and
    /// password; null when the company already has an account.
    /// </summary>
    public async Task<(string Uid, string Password)?> CreateFirstAsync(SegurDbContext db, Guid supplierId, string email, string displayName, CancellationToken ct)
    {
        if (await db.Users.AnyAsync(u => u.SupplierId == supplierId, ct))
        {
            return null;
        }

        var uid = "FRN" + (100_100 + await Counters.ReserveAsync(db, "uid", 1, ct));
        var password = NewPassword();
        var user = new UserAccount
        {
            UserName = uid,
            NormalizedUserName = uid.ToUpperInvariant(),
            Email = email,
            NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true,
            DisplayName = displayName,
            SupplierId = supplierId,
            SecurityStamp = Guid.NewGuid().ToString("N"),
            LockoutEnabled = true,
        };
        user.PasswordHash = s_hasher.HashPassword(user, password);
        db.Users.Add(user);

        var role = await db.Roles.SingleOrDefaultAsync(r => r.NormalizedName == Roles.Fournisseur.ToUpperInvariant(), ct);
        if (role is null)
        {
            role = new IdentityRole(Roles.Fournisseur) { NormalizedName = Roles.Fournisseur.ToUpperInvariant() };
            db.Roles.Add(role);
        }

        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        return (uid, password);
    }

    /// <summary>12+ characters with upper, lower, digit and symbol, as the password rules ask.</summary>
    public static string NewPassword()
    {
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        var chars = Enumerable.Range(0, 14).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        return "Sg-" + string.Concat(chars) + "-" + RandomNumberGenerator.GetInt32(10, 99) + "a";
    }
}

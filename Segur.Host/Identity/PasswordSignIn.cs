using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Segur.Host.Components;
using Segur.Workflows.Accounts;

namespace Segur.Host.Identity;

public sealed record SignInOutcome(bool Succeeded, string? Error)
{
    public static readonly SignInOutcome Success = new(true, null);
}

/// <summary>Sign-in by UID and password with the cookie; locks the account after repeated failures and says until when.</summary>
internal sealed class PasswordSignIn(SignInManager<UserAccount> signIn, UserManager<UserAccount> users, IOptions<IdentityOptions> options)
{
    public async Task<SignInOutcome> SignInAsync(string uid, string password)
    {
        uid = uid.Trim();
        var result = await signIn.PasswordSignInAsync(uid, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return SignInOutcome.Success;
        }

        var lockout = options.Value.Lockout;
        if (result.IsLockedOut)
        {
            var user = await users.FindByNameAsync(uid);
            var until = user?.LockoutEnd is { } end ? ParisTime.DateAndTime(end) : null;
            return new SignInOutcome(false,
                (until is null ? "Votre compte est verrouillé" : $"Votre compte est verrouillé jusqu'au {until} (heure de Paris)")
                + $" après {lockout.MaxFailedAccessAttempts} tentatives de connexion infructueuses. "
                + "Vous pourrez réessayer après cette heure, ou choisir dès maintenant un nouveau mot de passe avec « Mot de passe oublié ».");
        }

        if (result.IsNotAllowed)
        {
            return new SignInOutcome(false, "Ce compte n'est pas encore activé. Contactez l'assistance si le problème persiste.");
        }

        return new SignInOutcome(false,
            "Identifiant ou mot de passe incorrect. "
            + $"Après {lockout.MaxFailedAccessAttempts} échecs consécutifs, le compte est verrouillé pendant {lockout.DefaultLockoutTimeSpan.TotalMinutes:0} minutes.");
    }

    public Task SignOutAsync() => signIn.SignOutAsync();
}

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Segur.Host.Components;
using Segur.Workflows.Accounts;

namespace Segur.Host.Identity;

public sealed record SignInOutcome(bool Succeeded, string? Error)
{
    public static readonly SignInOutcome Success = new(true, null);
}

/// <summary>
/// Sign-in by UID and password with the cookie. Repeated failures pause that UID for the client's address
/// (<see cref="SignInThrottle"/>), not for its owner elsewhere; the account-wide lockout is only a backstop against many
/// addresses, and neither touches the API token (decision 0096).
/// </summary>
internal sealed class PasswordSignIn(
    SignInManager<UserAccount> signIn, UserManager<UserAccount> users, IOptions<IdentityOptions> options, SignInThrottle throttle)
{
    public async Task<SignInOutcome> SignInAsync(string uid, string password)
    {
        uid = uid.Trim();
        var address = signIn.Context.Connection.RemoteIpAddress?.ToString() ?? "inconnue";
        if (throttle.PausedUntil(address, uid) is { } paused)
        {
            return Paused(paused);
        }

        var result = await signIn.PasswordSignInAsync(uid, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            throttle.Forget(address, uid);
            return SignInOutcome.Success;
        }

        if (result.IsLockedOut)
        {
            var user = await users.FindByNameAsync(uid);
            var until = user?.LockoutEnd is { } end ? ParisTime.DateAndTime(end) : null;
            return new SignInOutcome(false,
                (until is null ? "Votre compte est verrouillé" : $"Votre compte est verrouillé jusqu'au {until} (heure de Paris)")
                + $" après {options.Value.Lockout.MaxFailedAccessAttempts} tentatives de connexion infructueuses. "
                + "Vous pourrez réessayer après cette heure, ou choisir dès maintenant un nouveau mot de passe avec « Mot de passe oublié ».");
        }

        if (result.IsNotAllowed)
        {
            return new SignInOutcome(false, "Ce compte n'est pas encore activé. Contactez l'assistance si le problème persiste.");
        }

        if (throttle.RecordFailure(address, uid) is { } pausedNow)
        {
            return Paused(pausedNow);
        }

        return new SignInOutcome(false,
            "Identifiant ou mot de passe incorrect. "
            + $"Après {SignInThrottle.MaxFailures} échecs, les connexions à cet identifiant depuis votre adresse sont suspendues "
            + $"{SignInThrottle.Pause.TotalMinutes:0} minutes.");
    }

    public Task SignOutAsync() => signIn.SignOutAsync();

    private static SignInOutcome Paused(DateTimeOffset until) => new(false,
        $"Connexion à cet identifiant suspendue depuis votre adresse jusqu'au {ParisTime.DateAndTime(until)} (heure de Paris) "
        + $"après {SignInThrottle.MaxFailures} tentatives de connexion infructueuses. "
        + "Vous pourrez réessayer après cette heure, ou choisir dès maintenant un nouveau mot de passe avec « Mot de passe oublié ».");
}

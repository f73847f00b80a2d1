using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Mail;
using Segur.Workflows.Engine.Outbox;

namespace Segur.Host.Identity;

public sealed record PasswordResetResult(ResetTokenState LinkState, IReadOnlyList<string> PasswordErrors)
{
    public bool Succeeded => LinkState == ResetTokenState.Valid && PasswordErrors.Count == 0;
}

/// <summary>
/// "Identifiant oublié" and "Mot de passe oublié": the e-mails (through the outbox) and the reset itself. The answers
/// on screen never tell whether an address or a UID exists; only the mailbox's owner learns it.
/// </summary>
internal sealed class AccountRecovery(
    UserManager<UserAccount> users,
    ILookupNormalizer normalizer,
    PasswordResetTokens tokens,
    OutboxWriter outbox,
    PublicAddress portal,
    SignInThrottle throttle,
    ILogger<AccountRecovery> logger)
{
    public const string ResetPath = "mot-de-passe/reinitialiser";

    /// <summary>E-mails the UIDs attached to <paramref name="email"/>, if any.</summary>
    public async Task SendForgottenUidsAsync(string email, CancellationToken ct = default)
    {
        var normalized = normalizer.NormalizeEmail(email.Trim());
        var uids = await users.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail == normalized)
            .OrderBy(u => u.UserName)
            .Select(u => u.UserName!)
            .ToListAsync(ct);
        if (uids.Count == 0)
        {
            logger.LogInformation("Identifiant oublié : aucune correspondance pour l'adresse saisie.");
            return;
        }

        var body = new StringBuilder()
            .AppendLine("Bonjour,")
            .AppendLine()
            .AppendLine("Vous avez demandé le rappel de votre identifiant sur le portail Ségur – fournisseurs.")
            .AppendLine(uids.Count == 1 ? "Identifiant rattaché à cette adresse :" : "Identifiants rattachés à cette adresse :");
        foreach (var uid in uids)
        {
            body.Append("  - ").AppendLine(uid);
        }

        body.AppendLine()
            .Append("Pour vous connecter : ").Append(portal.Base).AppendLine("connexion")
            .AppendLine()
            .AppendLine("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre compte n'a pas été modifié.")
            .AppendLine()
            .AppendLine("L'équipe du portail Ségur – ASP");
        await outbox.SendAsync(new EmailRequested(email.Trim(), "Portail Ségur – rappel de votre identifiant", body.ToString(), null), ct);
    }

    /// <summary>E-mails a password-reset link, valid <see cref="PasswordResetTokens.Lifespan"/>, to the account of <paramref name="uid"/>.</summary>
    public async Task SendResetLinkAsync(string uid, CancellationToken ct = default)
    {
        var user = await users.FindByNameAsync(uid.Trim());
        if (user?.Email is not { Length: > 0 } email)
        {
            logger.LogInformation("Mot de passe oublié : identifiant inconnu ou sans adresse électronique.");
            return;
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = $"{portal.Base}{ResetPath}?uid={Uri.EscapeDataString(user.UserName!)}&code={token}";
        var hours = tokens.Lifespan.TotalHours;
        var validity = hours >= 1 && hours == Math.Floor(hours) ? $"{hours:0} heure{(hours > 1 ? "s" : "")}" : $"{tokens.Lifespan.TotalMinutes:0} minutes";
        var body = new StringBuilder()
            .AppendLine("Bonjour,")
            .AppendLine()
            .Append("Une réinitialisation du mot de passe du compte ").Append(user.UserName).AppendLine(" a été demandée sur le portail Ségur – fournisseurs.")
            .Append("Pour choisir un nouveau mot de passe, ouvrez ce lien (valable ").Append(validity).AppendLine(", utilisable une seule fois) :")
            .AppendLine()
            .AppendLine(link)
            .AppendLine()
            .AppendLine("Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe actuel reste valable.")
            .AppendLine()
            .AppendLine("L'équipe du portail Ségur – ASP");
        await outbox.SendAsync(new EmailRequested(email, "Portail Ségur – réinitialisation de votre mot de passe", body.ToString(), null), ct);
    }

    public async Task<ResetTokenState> CheckResetLinkAsync(string uid, string code)
    {
        var user = await users.FindByNameAsync(uid);
        return user is null
            ? ResetTokenState.Invalid
            : await tokens.InspectAsync(UserManager<UserAccount>.ResetPasswordTokenPurpose, code, users, user);
    }

    /// <summary>Sets the new password if the link is still good; a successful reset also lifts a lockout.</summary>
    public async Task<PasswordResetResult> ResetPasswordAsync(string uid, string code, string newPassword)
    {
        var user = await users.FindByNameAsync(uid);
        if (user is null)
        {
            return new PasswordResetResult(ResetTokenState.Invalid, []);
        }

        var state = await tokens.InspectAsync(UserManager<UserAccount>.ResetPasswordTokenPurpose, code, users, user);
        if (state != ResetTokenState.Valid)
        {
            return new PasswordResetResult(state, []);
        }

        var result = await users.ResetPasswordAsync(user, code, newPassword);
        if (!result.Succeeded)
        {
            return new PasswordResetResult(state, result.Errors.Select(e => e.Description).ToList());
        }

        await users.ResetAccessFailedCountAsync(user);
        await users.SetLockoutEndDateAsync(user, null);
        throttle.ForgetUid(uid);
        logger.LogInformation("Mot de passe réinitialisé pour {Uid}.", user.UserName);
        return new PasswordResetResult(state, []);
    }

    public static string Explain(ResetTokenState state) => state switch
    {
        ResetTokenState.Expired =>
            "Ce lien de réinitialisation a expiré : il n'est valable qu'une heure. Demandez un nouveau lien avec « Mot de passe oublié ».",
        ResetTokenState.AlreadyUsed =>
            "Ce lien de réinitialisation a déjà été utilisé (ou votre mot de passe a changé depuis). Demandez un nouveau lien si nécessaire.",
        ResetTokenState.Invalid =>
            "Ce lien de réinitialisation n'est pas valable : il est incomplet ou a été modifié. Copiez le lien entier depuis l'e-mail, ou demandez-en un nouveau.",
        _ => "",
    };
}

using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Segur.Host.Components.Shared;
using Segur.Workflows.Accounts;
using Segur.Workflows.Persistence;

namespace Segur.Host.Components.Pages.Account;

/// <summary>What "Mon compte" shows and changes: the personal API token and the password.</summary>
public sealed class AccountSettings(UserManager<UserAccount> users, SegurDatabase database)
{
    public async Task<AccountView?> GetAsync(string uid)
    {
        var user = await users.FindByNameAsync(uid);
        if (user is null)
        {
            return null;
        }

        await using var db = database.CreateContext();
        var enrolments = user.SupplierId is { } supplierId
            ? await db.Enrolments.AsNoTracking()
                .Where(e => e.SupplierId == supplierId && e.Status == "Validee")
                .OrderBy(e => e.CreatedAt)
                .Select(e => new EnrolmentContacts(e.NumeroAns, e.RepresentantLegal, e.Deposant, e.Banque))
                .ToListAsync()
            : [];
        return new AccountView(uid, user.DisplayName, user.Email, user.ApiTokenHash is not null, enrolments);
    }

    /// <summary>Issues a new personal API token (the previous one stops working) and returns it: it is shown once, never stored.</summary>
    public async Task<string> RenewApiTokenAsync(string uid)
    {
        var user = await users.FindByNameAsync(uid) ?? throw new InvalidOperationException("Compte introuvable.");
        var token = ApiTokens.New();
        user.ApiTokenHash = ApiTokens.Hash(token);
        var result = await users.UpdateAsync(user);
        return result.Succeeded ? token : throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>
    /// Everything wrong with a password change, at once and by field (ids of the /compte form): what is missing, the current
    /// password that does not match, the new one against the password rules (Identity's validators, in French), the confirmation.
    /// </summary>
    public async Task<IReadOnlyList<FormProblem>> PasswordChangeProblemsAsync(string uid, string current, string next, string confirmation)
    {
        var user = await users.FindByNameAsync(uid) ?? throw new InvalidOperationException("Compte introuvable.");
        var problems = new List<FormProblem>();
        if (string.IsNullOrEmpty(current))
        {
            problems.Add(new("mot-de-passe-actuel", "Mot de passe actuel : obligatoire."));
        }
        else if (!await users.CheckPasswordAsync(user, current))
        {
            problems.Add(new("mot-de-passe-actuel", "Mot de passe actuel : il ne correspond pas à celui de votre compte."));
        }

        if (string.IsNullOrEmpty(next))
        {
            problems.Add(new("nouveau-mot-de-passe", "Nouveau mot de passe : obligatoire."));
        }
        else
        {
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, user, next);
                problems.AddRange(result.Errors.Select(e => new FormProblem("nouveau-mot-de-passe", "Nouveau mot de passe : " + e.Description)));
            }
        }

        if (string.IsNullOrEmpty(confirmation))
        {
            problems.Add(new("confirmation-mot-de-passe", "Confirmation : saisissez de nouveau le nouveau mot de passe."));
        }
        else if (confirmation != next)
        {
            problems.Add(new("confirmation-mot-de-passe", "Confirmation : elle ne correspond pas au nouveau mot de passe."));
        }

        return problems;
    }

    /// <summary>Changes the password; the errors are Identity's, in French.</summary>
    public async Task<IReadOnlyList<string>> ChangePasswordAsync(string uid, string current, string next)
    {
        var user = await users.FindByNameAsync(uid) ?? throw new InvalidOperationException("Compte introuvable.");
        var result = await users.ChangePasswordAsync(user, current, next);
        return result.Succeeded ? [] : result.Errors.Select(e => e.Description).ToList();
    }
}

public sealed record AccountView(string Uid, string DisplayName, string? Email, bool HasApiToken, IReadOnlyList<EnrolmentContacts> Enrolments);

public sealed record EnrolmentContacts(
    string NumeroAns, Segur.Workflows.Enrolments.Person? RepresentantLegal, Segur.Workflows.Enrolments.Person? Deposant,
    Segur.Workflows.Enrolments.BankDetails? Banque)
{
    public string MaskedIban => Banque?.Iban is { Length: > 4 } iban ? new string('•', iban.Length - 4) + iban[^4..] : "—";
}

using Microsoft.AspNetCore.Identity;

namespace Segur.Host.Identity;

/// <summary>Identity's error messages in French (they are shown as they are on the password pages).</summary>
internal sealed class FrenchIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "Une erreur inconnue est survenue.");

    public override IdentityError ConcurrencyFailure() =>
        Error(nameof(ConcurrencyFailure), "Le compte a été modifié entre-temps : veuillez recommencer.");

    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "Mot de passe incorrect.");

    public override IdentityError InvalidToken() =>
        Error(nameof(InvalidToken), "Ce lien de réinitialisation n'est pas valable : demandez-en un nouveau.");

    public override IdentityError InvalidUserName(string? userName) =>
        Error(nameof(InvalidUserName), $"L'identifiant « {userName} » n'est pas valable.");

    public override IdentityError InvalidEmail(string? email) =>
        Error(nameof(InvalidEmail), $"L'adresse électronique « {email} » n'est pas valable.");

    public override IdentityError DuplicateUserName(string userName) =>
        Error(nameof(DuplicateUserName), $"L'identifiant « {userName} » est déjà utilisé.");

    public override IdentityError DuplicateEmail(string email) =>
        Error(nameof(DuplicateEmail), $"L'adresse électronique « {email} » est déjà utilisée.");

    public override IdentityError UserLockoutNotEnabled() =>
        Error(nameof(UserLockoutNotEnabled), "Le verrouillage n'est pas activé pour ce compte.");

    public override IdentityError PasswordTooShort(int length) =>
        Error(nameof(PasswordTooShort), $"Le mot de passe doit contenir au moins {length} caractères.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(nameof(PasswordRequiresUniqueChars), $"Le mot de passe doit contenir au moins {uniqueChars} caractères différents.");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(nameof(PasswordRequiresNonAlphanumeric), "Le mot de passe doit contenir au moins un caractère spécial (par exemple - ! ? * #).");

    public override IdentityError PasswordRequiresDigit() =>
        Error(nameof(PasswordRequiresDigit), "Le mot de passe doit contenir au moins un chiffre.");

    public override IdentityError PasswordRequiresLower() =>
        Error(nameof(PasswordRequiresLower), "Le mot de passe doit contenir au moins une lettre minuscule.");

    public override IdentityError PasswordRequiresUpper() =>
        Error(nameof(PasswordRequiresUpper), "Le mot de passe doit contenir au moins une lettre majuscule.");

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}

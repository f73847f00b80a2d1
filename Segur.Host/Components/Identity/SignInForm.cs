using System.ComponentModel.DataAnnotations;

namespace Segur.Host.Components.Identity;

public sealed class SignInForm
{
    [Required(ErrorMessage = "Saisissez votre identifiant (UID).")]
    [StringLength(256, ErrorMessage = "L'identifiant est trop long.")]
    public string Uid { get; set; } = "";

    [Required(ErrorMessage = "Saisissez votre mot de passe.")]
    [StringLength(256, ErrorMessage = "Le mot de passe est trop long.")]
    public string Password { get; set; } = "";
}

public sealed class ForgotUidForm
{
    [Required(ErrorMessage = "Saisissez l'adresse électronique rattachée à votre compte.")]
    [EmailAddress(ErrorMessage = "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.")]
    [StringLength(256, ErrorMessage = "L'adresse est trop longue.")]
    public string Email { get; set; } = "";
}

public sealed class ForgotPasswordForm
{
    [Required(ErrorMessage = "Saisissez votre identifiant (UID).")]
    [StringLength(256, ErrorMessage = "L'identifiant est trop long.")]
    public string Uid { get; set; } = "";
}

public sealed class ResetPasswordForm
{
    [Required(ErrorMessage = "Saisissez un nouveau mot de passe.")]
    [StringLength(256, MinimumLength = 12, ErrorMessage = "Le mot de passe doit contenir entre 12 et 256 caractères.")]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Confirmez le nouveau mot de passe.")]
    [Compare(nameof(Password), ErrorMessage = "Les deux mots de passe ne sont pas identiques.")]
    public string Confirmation { get; set; } = "";
}

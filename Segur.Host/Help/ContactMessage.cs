using System.Text.RegularExpressions;

namespace Segur.Host.Help;

/// <summary>A message written in the Aide page's contact form.</summary>
public sealed record ContactMessage(
    string Nom,
    string Email,
    string? Siret,
    string? Uid,
    string Theme,
    string? NumeroDemande,
    string Message);

/// <summary>
/// What a contact message must satisfy. The form shows these messages under its fields; <see cref="SupportContact"/> checks
/// them again, since a circuit's values do not have to come from the form.
/// </summary>
public static partial class ContactRules
{
    public const int NomMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int ReferenceMaxLength = 50;
    public const int MessageMinLength = 20;
    public const int MessageMaxLength = 5000;

    public static readonly IReadOnlyList<string> Themes =
        ["Enrôlement", "Import JSON", "Pièces justificatives", "Paiements", "Compte et connexion", "Autre"];

    public static string? Nom(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "Nom : obligatoire."
        : value.Trim().Length > NomMaxLength ? $"Nom : {NomMaxLength} caractères au plus."
        : HasControl(value) ? "Nom : caractères non admis."
        : null;

    // One plain address: the outbox splits its recipients on ',' and ';', and a display name or a second address must not
    // turn the acknowledgement into a message to someone else.
    public static string? Email(string? value) =>
        string.IsNullOrWhiteSpace(value) ? "Adresse e-mail : obligatoire."
        : value.Trim().Length > EmailMaxLength || !EmailPattern().IsMatch(value.Trim())
            ? "Adresse e-mail : saisissez une adresse valide, par exemple prenom.nom@societe.fr."
        : null;

    public static string? Siret(string? value) =>
        string.IsNullOrWhiteSpace(value) || SiretPattern().IsMatch(value.Trim()) ? null : "SIRET : 14 chiffres, sans espace.";

    public static string? Theme(string? value) =>
        value is not null && Themes.Contains(value) ? null : "Thème : choisissez le thème de votre message.";

    public static string? Reference(string label, string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : value.Trim().Length > ReferenceMaxLength ? $"{label} : {ReferenceMaxLength} caractères au plus."
        : HasControl(value) ? $"{label} : caractères non admis."
        : null;

    public static string? Message(string? value)
    {
        var length = value?.Trim().Length ?? 0;
        return length == 0 ? "Message : obligatoire."
            : length < MessageMinLength ? $"Message : {MessageMinLength} caractères au moins (vous en avez saisi {length})."
            : length > MessageMaxLength ? $"Message : {MessageMaxLength} caractères au plus (vous en avez saisi {length})."
            : null;
    }

    public static IReadOnlyList<string> Problems(ContactMessage message) =>
    [
        .. new[]
        {
            Nom(message.Nom), Email(message.Email), Siret(message.Siret), Reference("Identifiant UID", message.Uid), Theme(message.Theme),
            Reference("Numéro de demande", message.NumeroDemande), Message(message.Message),
        }.OfType<string>(),
    ];

    private static bool HasControl(string value) => value.Any(char.IsControl);

    [GeneratedRegex(@"^[^@\s,;<>""()\[\]\\]+@[^@\s,;<>""()\[\]\\]+\.[^@\s,;<>""()\[\]\\.]{2,}$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex("^[0-9]{14}$")]
    private static partial Regex SiretPattern();
}

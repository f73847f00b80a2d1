using Segur.Host.Help;

namespace Segur.Host.Components.Pages.Help;

/// <summary>The contact form's fields as the page edits them; the rules are <see cref="ContactRules"/>.</summary>
public sealed class ContactFormModel
{
    public string Nom { get; set; } = "";

    public string Email { get; set; } = "";

    public string Siret { get; set; } = "";

    public string Uid { get; set; } = "";

    public string? Theme { get; set; }

    public string NumeroDemande { get; set; } = "";

    public string Message { get; set; } = "";

    public string CaptchaAnswer { get; set; } = "";

    /// <summary>The trap field, hidden from people and assistive technologies.</summary>
    public string Honeypot { get; set; } = "";

    public ContactMessage ToMessage() => new(Nom, Email, Siret, Uid, Theme ?? "", NumeroDemande, Message);
}

namespace Segur.Workflows.Engine.Mail;

/// <summary>
/// Where e-mails go: written as .eml files to <see cref="PickupDirectory"/> by default, sent through SMTP when
/// <see cref="SmtpHost"/> is set (configuration section Segur:Mail).
/// </summary>
public sealed class MailOptions
{
    public string From { get; set; } = "Ségur – ASP <ne-pas-repondre@segur.example>";

    public string? PickupDirectory { get; set; }

    public string? SmtpHost { get; set; }

    public int SmtpPort { get; set; } = 25;

    public string? SmtpUser { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>StartTLS when the server offers it; off for a loopback test server.</summary>
    public bool UseStartTls { get; set; }
}

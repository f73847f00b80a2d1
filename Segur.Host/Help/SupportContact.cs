using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Segur.Host.Components;
using Segur.Workflows.Engine.Mail;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Host.Help;

public enum ContactStatus
{
    Sent,
    Invalid,
    CaptchaRefused,
    TooMany,
}

public sealed record ContactResult(ContactStatus Status, string? Reference, CaptchaVerdict Captcha, IReadOnlyList<string> Problems)
{
    public static ContactResult SentAs(string reference) => new(ContactStatus.Sent, reference, CaptchaVerdict.Accepted, []);
}

/// <summary>
/// The Aide page's contact form: checks the message, the captcha and the sender's allowance, then e-mails the message to the
/// support team (answers go to the sender) and an acknowledgement with its reference (CT-2026-000123) to the sender. Both
/// e-mails go through the outbox with the reference's number, in one transaction: both are sent, or neither.
/// </summary>
public sealed class SupportContact(
    ContactCaptcha captcha,
    ContactRateLimit rateLimit,
    DatabaseWriter writer,
    OutboxWriter outbox,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<SupportContact> logger)
{
    public const string DefaultSupportEmail = "support-segur@asp.example";

    public const string TooManyMessage =
        "Vous avez déjà envoyé 5 messages en moins de 10 minutes : patientez quelques minutes avant d'en envoyer un autre. "
        + "Votre message n'a pas été envoyé.";

    public const string HoneypotMessage =
        "Votre message n'a pas été envoyé : le champ réservé aux contrôles automatiques a été rempli. Videz-le, puis envoyez de nouveau.";

    public string SupportEmail => configuration["Segur:SupportEmail"] is { Length: > 0 } configured ? configured.Trim() : DefaultSupportEmail;

    /// <param name="honeypot">The hidden field people never see: only robots fill it.</param>
    /// <param name="client">Who the allowance is counted for (the client's address or browser session).</param>
    /// <param name="signedInUid">The account of a signed-in sender, told to the support team beside what was typed.</param>
    public async Task<ContactResult> SendAsync(
        ContactMessage message, string? honeypot, string? captchaToken, string? captchaAnswer, string client, string? signedInUid,
        CancellationToken ct = default)
    {
        if (!string.IsNullOrEmpty(honeypot))
        {
            logger.LogInformation("Formulaire de contact : champ piège rempli, message ignoré.");
            return new ContactResult(ContactStatus.Invalid, null, CaptchaVerdict.Accepted, [HoneypotMessage]);
        }

        var problems = ContactRules.Problems(message);
        if (problems.Count > 0)
        {
            return new ContactResult(ContactStatus.Invalid, null, CaptchaVerdict.Accepted, problems);
        }

        var verdict = captcha.Check(captchaToken, captchaAnswer);
        if (verdict != CaptchaVerdict.Accepted)
        {
            return new ContactResult(ContactStatus.CaptchaRefused, null, verdict, [ContactCaptcha.Explain(verdict)]);
        }

        if (!rateLimit.TryTake(client))
        {
            logger.LogInformation("Formulaire de contact : limite atteinte pour {Client}.", client);
            return new ContactResult(ContactStatus.TooMany, null, verdict, [TooManyMessage]);
        }

        var reference = await QueueAsync(Trimmed(message), signedInUid, ct);
        logger.LogInformation("Message de contact {Reference} envoyé au support.", reference);
        return ContactResult.SentAs(reference);
    }

    private async Task<string> QueueAsync(ContactMessage message, string? signedInUid, CancellationToken ct)
    {
        try
        {
            return await QueueOnceAsync(message, signedInUid, ct);
        }
        catch (DbUpdateException)
        {
            // The year's first two messages, at the same moment on PostgreSQL or SQL Server, both create its counter row:
            // the loser's transaction is rolled back, and its second try finds the row.
            return await QueueOnceAsync(message, signedInUid, ct);
        }
    }

    private async Task<string> QueueOnceAsync(ContactMessage message, string? signedInUid, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var year = ParisTime.ToParis(now).Year;
        var queued = await writer.WriteAsync(async scope =>
        {
            var db = scope.Db;
            var number = await Counters.ReserveAsync(db, $"contact-{year}", 1, ct);
            var reference = string.Create(CultureInfo.InvariantCulture, $"CT-{year}-{number:000000}");
            var received = ParisTime.DateAndTime(now);
            outbox.Add(db, new EmailRequested(SupportEmail, SupportSubject(reference, message), SupportBody(reference, received, message, signedInUid), null)
            {
                ReplyTo = message.Email,
            });
            outbox.Add(db, new EmailRequested(message.Email, $"Portail Ségur – votre message {reference} a bien été reçu",
                AcknowledgementBody(reference, received, message), null)
            {
                ReplyTo = SupportEmail,
            });
            await db.SaveChangesAsync(ct);
            return reference;
        }, ct);
        outbox.Notify();
        return queued;
    }

    private static string SupportSubject(string reference, ContactMessage message) =>
        $"[{reference}] Contact – {message.Theme} – {message.Nom}";

    private static string SupportBody(string reference, string received, ContactMessage message, string? signedInUid) =>
        new StringBuilder()
            .AppendLine("Message reçu par le formulaire de contact du portail Ségur – fournisseurs.")
            .AppendLine()
            .Append("Référence : ").AppendLine(reference)
            .Append("Reçu le : ").AppendLine(received)
            .Append(Summary(message))
            .Append("Compte connecté : ").AppendLine(signedInUid ?? "aucun (visiteur non connecté)")
            .AppendLine()
            .AppendLine("Message :")
            .AppendLine(message.Message)
            .AppendLine()
            .Append("Répondre à cet e-mail écrit à l'expéditeur (").Append(message.Email).AppendLine(").")
            .ToString();

    private static string AcknowledgementBody(string reference, string received, ContactMessage message) =>
        new StringBuilder()
            .Append("Bonjour ").Append(message.Nom).AppendLine(",")
            .AppendLine()
            .Append("Nous avons bien reçu votre message adressé à l'équipe du portail Ségur – fournisseurs le ").Append(received).AppendLine(".")
            .Append("Sa référence est ").Append(reference).AppendLine(" : rappelez-la dans vos échanges avec nous.")
            .AppendLine("Nous vous répondrons par e-mail à cette adresse.")
            .AppendLine()
            .AppendLine("Copie de votre message")
            .AppendLine("----------------------")
            .Append(Summary(message))
            .AppendLine()
            .AppendLine(message.Message)
            .AppendLine("----------------------")
            .AppendLine()
            .AppendLine("L'équipe du portail ne vous demandera jamais votre mot de passe ni votre jeton d'API.")
            .AppendLine("Si vous n'êtes pas à l'origine de ce message, ignorez cet e-mail.")
            .AppendLine()
            .AppendLine("L'équipe du portail Ségur – ASP")
            .ToString();

    private static string Summary(ContactMessage message) =>
        new StringBuilder()
            .Append("Nom : ").AppendLine(message.Nom)
            .Append("Adresse e-mail : ").AppendLine(message.Email)
            .Append("SIRET : ").AppendLine(message.Siret ?? "non renseigné")
            .Append("Identifiant UID : ").AppendLine(message.Uid ?? "non renseigné")
            .Append("Thème : ").AppendLine(message.Theme)
            .Append("Numéro de demande : ").AppendLine(message.NumeroDemande ?? "non renseigné")
            .ToString();

    private static ContactMessage Trimmed(ContactMessage message) => new(
        message.Nom.Trim(),
        message.Email.Trim(),
        Optional(message.Siret),
        Optional(message.Uid),
        message.Theme,
        Optional(message.NumeroDemande),
        message.Message.Trim());

    private static string? Optional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

using Microsoft.Extensions.Options;
using MimeKit;
using Segur.Workflows.Engine.Mail;

namespace Segur.Workflows.Tests.Engine.Mail;

/// <summary>With no SMTP server configured (one machine, no set-up), e-mails land as .eml files any mail client opens.</summary>
public sealed class PickupDirectoryMailSenderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Directory.CreateTempSubdirectory("segur-mail-").FullName, "mail");

    [Fact]
    public async Task AnEmail_IsWrittenWhole_AsAnEmlFile_InThePickupFolder()
    {
        var sender = new PickupDirectoryMailSender(Options.Create(new MailOptions { PickupDirectory = _folder }));
        var message = new MimeMessage { Subject = "Votre demande ASP26000001M0 est validée" };
        message.From.Add(MailboxAddress.Parse("ne-pas-repondre@segur.example"));
        message.To.Add(MailboxAddress.Parse("contact@editeur.example"));
        message.Body = new TextPart("plain") { Text = "Bonjour, votre demande est validée." };

        await sender.SendAsync(message, CancellationToken.None);

        var file = Assert.Single(Directory.GetFiles(_folder));
        Assert.EndsWith(".eml", file, StringComparison.Ordinal);
        var read = await MimeMessage.LoadAsync(file);
        Assert.Equal("Votre demande ASP26000001M0 est validée", read.Subject);
        Assert.Equal("Bonjour, votre demande est validée.", read.TextBody?.TrimEnd());
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);
}

using MassTransit;
using Microsoft.Extensions.Options;
using MimeKit;
using Segur.Workflows.Engine.Outbox;

namespace Segur.Workflows.Engine.Mail;

/// <summary>An e-mail to send, rendered when the fire ran and sent after it committed.</summary>
public sealed record EmailRequested(string To, string Subject, string Body, Guid? InstanceId) : IIntegrationMessage, ISensitiveMessage
{
    /// <summary>Holds a secret (a password): the outbox forgets its content once it is published.</summary>
    public bool Sensitive { get; init; }

    /// <summary>Where answers go when it is not the sender (a contact message answered to its author); one address.</summary>
    public string? ReplyTo { get; init; }
}

/// <summary>Sends the e-mails of committed fires; a redelivered message is not sent twice.</summary>
public sealed class EmailRequestedConsumer(IMailSender sender, IdempotencyLog log, IOptions<MailOptions> options) : IConsumer<EmailRequested>
{
    public async Task Consume(ConsumeContext<EmailRequested> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("EmailRequested without a message id.");
        var request = context.Message;
        await log.RunOnceAsync(nameof(EmailRequestedConsumer), messageId, () => SendAsync(request, messageId, context.CancellationToken),
            eraseSensitivePayload: request.Sensitive, context.CancellationToken);
    }

    private async Task SendAsync(EmailRequested request, Guid messageId, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.Value.From));
        foreach (var address in request.To.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            message.To.Add(MailboxAddress.Parse(address));
        }

        if (request.ReplyTo is { Length: > 0 } replyTo)
        {
            message.ReplyTo.Add(MailboxAddress.Parse(replyTo));
        }

        message.Subject = request.Subject;
        message.MessageId = $"{messageId:N}@segur.example";
        message.Body = new TextPart("plain") { Text = request.Body };
        await sender.SendAsync(message, cancellationToken);
    }
}

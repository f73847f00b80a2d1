using MimeKit;

namespace Segur.Host.Tests.TestSupport;

/// <summary>The Host's mail pickup folder: the .eml files its outbox delivered.</summary>
public sealed class Mailbox(string folder)
{
    public IReadOnlyList<MimeMessage> All()
    {
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var messages = new List<MimeMessage>();
        foreach (var file in Directory.GetFiles(folder, "*.eml").Order())
        {
            try
            {
                messages.Add(MimeMessage.Load(file));
            }
            catch (IOException)
            {
                // Still being written: read it on the next poll.
            }
        }

        return messages;
    }

    /// <summary>Waits for the first e-mail to <paramref name="to"/> whose subject contains <paramref name="subject"/>.</summary>
    public async Task<MimeMessage> WaitForAsync(string to, string subject, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            var message = All().FirstOrDefault(m =>
                m.To.Mailboxes.Any(a => string.Equals(a.Address, to, StringComparison.OrdinalIgnoreCase))
                && (m.Subject ?? "").Contains(subject, StringComparison.Ordinal));
            if (message is not null)
            {
                return message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Aucun e-mail « {subject} » pour {to} dans {folder} ; reçus : "
            + string.Join(" | ", All().Select(m => $"{m.To} {m.Subject}")));
    }
}

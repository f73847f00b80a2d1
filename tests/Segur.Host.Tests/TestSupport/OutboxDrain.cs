using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.TestSupport;

public static class OutboxDrain
{
    private static readonly string EmailType = typeof(Segur.Workflows.Engine.Mail.EmailRequested).FullName!;

    /// <summary>
    /// Waits until every outbox message is dispatched, and every e-mail handled by its consumer (claimed in ProcessedMessages) or
    /// dead-lettered: after that no e-mail is still on its way, so "nothing more was sent" can be asserted without
    /// waiting for time.
    /// </summary>
    public static async Task WaitForOutboxHandledAsync(this SegurApp app, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        var database = app.Services.GetRequiredService<SegurDatabase>();
        while (true)
        {
            await using (var db = database.CreateContext())
            {
                var pending = await db.OutboxMessages.AsNoTracking()
                    .Where(m => m.DeadLetteredAt == null)
                    .Where(m => m.DispatchedAt == null || (m.Type == EmailType && !db.ProcessedMessages.Any(p => p.MessageId == m.Id)))
                    .Select(m => m.Type)
                    .ToListAsync();
                if (pending.Count == 0)
                {
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Messages de l'outbox encore en cours : {string.Join(", ", pending)}");
                }
            }

            await Task.Delay(50);
        }
    }
}

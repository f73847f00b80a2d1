using System.Threading.Channels;

namespace Segur.Host.Identity;

/// <summary>A "forgotten" form as submitted: the UID (password reset) or the address (UID reminder).</summary>
public sealed record RecoveryRequest(string? Uid, string? Email);

/// <summary>
/// The "forgotten" forms answer at once and the same way for known and unknown accounts: the look-up, the token and the
/// e-mail are done here, in the background, so the answer's timing says nothing either.
/// </summary>
public sealed class RecoveryMails(IServiceScopeFactory scopes, ILogger<RecoveryMails> logger) : BackgroundService
{
    // The forms are rate limited per address; a full queue drops the request rather than slowing every answer.
    private readonly Channel<RecoveryRequest> _queue = Channel.CreateBounded<RecoveryRequest>(
        new BoundedChannelOptions(1_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Enqueue(RecoveryRequest request)
    {
        if (!_queue.Writer.TryWrite(request))
        {
            logger.LogWarning("File des e-mails de récupération pleine : une demande a été ignorée.");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var recovery = scope.ServiceProvider.GetRequiredService<AccountRecovery>();
                if (request.Uid is not null)
                {
                    await recovery.SendResetLinkAsync(request.Uid, stoppingToken);
                }
                else if (request.Email is not null)
                {
                    await recovery.SendForgottenUidsAsync(request.Email, stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "E-mail de récupération non envoyé.");
            }
        }
    }
}

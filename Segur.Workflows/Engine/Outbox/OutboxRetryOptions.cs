namespace Segur.Workflows.Engine.Outbox;

/// <summary>
/// How often a message is tried before it is dead-lettered (configuration section Segur:Bus): a failing consumer is
/// retried with an exponential back-off between <see cref="MinInterval"/> and <see cref="MaxInterval"/>.
/// </summary>
public sealed class OutboxRetryOptions
{
    /// <summary>Tries in all (the first delivery and its retries); then the message waits on the incidents page.</summary>
    public int MaxAttempts { get; set; } = 5;

    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first 2,000 characters of an error, as kept in <see cref="OutboxMessage.LastError"/>.</summary>
    internal static string Describe(Exception error)
    {
        var text = $"{error.GetType().Name} : {error.Message}";
        return text.Length <= 2000 ? text : text[..2000];
    }
}

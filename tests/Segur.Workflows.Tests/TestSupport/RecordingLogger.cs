using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Segur.Workflows.Tests.TestSupport;

/// <summary>Keeps what is logged, so a test can wait for the moment something happened (e.g. a retry).</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, formatter(state, exception)));

    /// <summary>Waits until an entry containing <paramref name="text"/> is logged.</summary>
    public async Task WaitForAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!Entries.Any(e => e.Message.Contains(text, StringComparison.Ordinal)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Nothing logged contains « {text} »:\n" + string.Join("\n", Entries.Select(e => e.Message)));
            }

            await Task.Delay(20);
        }
    }
}

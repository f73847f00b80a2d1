using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Segur.Workflows.Tests.TestSupport;

/// <summary>A real SMTP server on 127.0.0.1 that keeps what it receives, for tests to read the mails really sent.</summary>
public sealed class Mailbox : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly Store _store = new();

    public Mailbox()
    {
        Port = FreePort();
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).IsSecure(false))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    public int Port { get; }

    public IReadOnlyCollection<MimeMessage> Messages => _store.Messages;

    /// <summary>While set, a matching message is refused (554), as a server that is failing would.</summary>
    public Func<MimeMessage, bool>? Refuse
    {
        get => _store.Refuse;
        set => _store.Refuse = value;
    }

    /// <summary>Waits until a message matching <paramref name="match"/> arrives (the outbox sends after commit).</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (_store.Messages.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("No matching e-mail arrived. Received:\n" + string.Join("\n", _store.Messages.Select(m => $"{m.To} : {m.Subject}")));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store : MessageStore
    {
        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public Func<MimeMessage, bool>? Refuse { get; set; }

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            if (Refuse is { } refuse && refuse(message))
            {
                return SmtpResponse.TransactionFailed;
            }

            Messages.Enqueue(message);
            return SmtpResponse.Ok;
        }
    }
}

using Microsoft.Extensions.Caching.Memory;

namespace Segur.Host.Help;

/// <summary>
/// At most <see cref="MaxMessages"/> contact messages per <see cref="Window"/> from one client (its address, else its browser
/// session). The form runs in a Blazor circuit, where the ASP.NET Core rate limiter (which counts HTTP requests) sees
/// nothing: the count is kept here, in memory, per Host process.
/// </summary>
public sealed class ContactRateLimit(IMemoryCache cache, TimeProvider clock)
{
    public const int MaxMessages = 5;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly Lock _gate = new();

    /// <summary>Takes one message from the client's allowance; false when it is spent (nothing is taken then).</summary>
    public bool TryTake(string client)
    {
        var key = "contact-rate:" + client;
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (cache.TryGetValue(key, out Allowance? allowance) && allowance is not null && allowance.Ends > now)
            {
                if (allowance.Count >= MaxMessages)
                {
                    return false;
                }

                allowance.Count++;
                return true;
            }

            cache.Set(key, new Allowance(now + Window) { Count = 1 }, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = Window });
            return true;
        }
    }

    private sealed class Allowance(DateTimeOffset ends)
    {
        public DateTimeOffset Ends { get; } = ends;

        public int Count { get; set; }
    }
}

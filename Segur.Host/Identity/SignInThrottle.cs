using System.Collections.Concurrent;

namespace Segur.Host.Identity;

/// <summary>
/// Slows down a password guesser without locking the owner out (issue 7, decision 0096): failures are counted per client
/// address <b>and</b> UID; after <see cref="MaxFailures"/> that address may not try that UID for <see cref="Pause"/>.
/// The owner, from any other address, and the account's API token are not affected. Kept in memory: with several Hosts
/// an address gets that many tries per Host, which the account-wide backstop (IdentitySetup) bounds.
/// </summary>
public sealed class SignInThrottle(TimeProvider clock)
{
    public const int MaxFailures = 5;

    public static readonly TimeSpan Pause = TimeSpan.FromMinutes(15);

    // Far above what the per-address rate limit lets through in one pause; past it, stale entries are dropped.
    private const int PruneAbove = 10_000;

    private readonly ConcurrentDictionary<(string Address, string Uid), Entry> _entries = new();

    /// <summary>Until when this address may not try this UID, or null.</summary>
    public DateTimeOffset? PausedUntil(string address, string uid) =>
        _entries.TryGetValue(Key(address, uid), out var entry) && entry.PausedUntil is { } until && until > clock.GetUtcNow() ? until : null;

    /// <summary>Counts a failure; returns the end of the pause when this one starts it.</summary>
    public DateTimeOffset? RecordFailure(string address, string uid)
    {
        var now = clock.GetUtcNow();
        if (_entries.Count > PruneAbove)
        {
            foreach (var (key, stale) in _entries.Where(e => e.Value.LastFailure + Pause < now))
            {
                _entries.TryRemove(new KeyValuePair<(string, string), Entry>(key, stale));
            }
        }

        var entry = _entries.AddOrUpdate(
            Key(address, uid),
            _ => new Entry(1, now, null),
            (_, old) =>
            {
                // Failures older than one pause are forgotten; a finished pause starts a new count.
                var failures = old.PausedUntil is { } ended && ended <= now || old.LastFailure + Pause < now ? 1 : old.Failures + 1;
                return new Entry(failures, now, failures >= MaxFailures ? now + Pause : null);
            });
        return entry.PausedUntil;
    }

    public void Forget(string address, string uid) => _entries.TryRemove(Key(address, uid), out _);

    /// <summary>A new password: every address may try this UID again.</summary>
    public void ForgetUid(string uid)
    {
        foreach (var key in _entries.Keys.Where(k => k.Uid == Normalized(uid)))
        {
            _entries.TryRemove(key, out _);
        }
    }

    private static (string, string) Key(string address, string uid) => (address, Normalized(uid));

    private static string Normalized(string uid) => uid.Trim().ToUpperInvariant();

    private sealed record Entry(int Failures, DateTimeOffset LastFailure, DateTimeOffset? PausedUntil);
}

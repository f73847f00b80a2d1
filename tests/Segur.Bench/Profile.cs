using System.Diagnostics;
using System.Globalization;

namespace Segur.Bench;

/// <summary>A workload that times the phases of its transitions (reset when the measured window opens).</summary>
internal interface IProfiled
{
    void ResetProfile();

    string ProfileReport(long transitions);
}

/// <summary>Wall-clock time per phase, summed over the workers (so with W workers the phases add up to W × elapsed).</summary>
internal sealed class PhaseProfile(IReadOnlyList<string> phases)
{
    private readonly List<long[]> _workers = [];

    public IReadOnlyList<string> Phases { get; } = phases;

    public long[] ForWorker()
    {
        var ticks = new long[Phases.Count];
        lock (_workers)
        {
            _workers.Add(ticks);
        }

        return ticks;
    }

    public void Reset()
    {
        lock (_workers)
        {
            foreach (var ticks in _workers)
            {
                Array.Clear(ticks);
            }
        }
    }

    public string Report(long transitions)
    {
        lock (_workers)
        {
            var parts = Phases.Select((phase, i) =>
            {
                var micros = _workers.Sum(w => Volatile.Read(ref w[i])) * 1_000_000.0 / Stopwatch.Frequency / transitions;
                return string.Create(CultureInfo.InvariantCulture, $"{phase} {micros:N0}");
            });
            return "µs per transition (wall clock, summed over workers): " + string.Join(" · ", parts);
        }
    }

    /// <summary>Adds the time since <paramref name="mark"/> to <paramref name="phase"/> and moves the mark.</summary>
    public static void Lap(long[] ticks, int phase, ref long mark)
    {
        var now = Stopwatch.GetTimestamp();
        ticks[phase] += now - mark;
        mark = now;
    }
}

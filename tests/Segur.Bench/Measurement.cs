using System.Diagnostics;
using System.Globalization;

namespace Segur.Bench;

/// <summary>One worker: owns its instances (no two workers touch the same one) and fires the next transition on demand.</summary>
internal interface IWorker : IAsyncDisposable
{
    Task FireNextAsync();
}

/// <summary>A way of doing transitions (the engine, the hand-written floor, an experiment).</summary>
internal interface IWorkload : IAsyncDisposable
{
    Task<IWorker> CreateWorkerAsync(int index, IReadOnlyList<Guid> instances);
}

/// <summary>Transitions counted over the measured window, and where the machine's CPU went meanwhile.</summary>
internal sealed record Measurement(long Transitions, TimeSpan Elapsed, CpuSample Cpu)
{
    /// <summary>Where the time went, for the workloads that time their phases.</summary>
    public string? Profile { get; init; }

    public double PerSecond => Transitions / Elapsed.TotalSeconds;

    /// <summary>CPU of this process per transition (engine or floor client side), in microseconds.</summary>
    public double ClientMicros => Cpu.Process.TotalMicroseconds / Transitions;

    /// <summary>CPU of the PostgreSQL server processes per transition, in microseconds (0 on SQLite).</summary>
    public double ServerMicros => Cpu.Postgres.TotalMicroseconds / Transitions;

    /// <summary>Share of the machine used by everything else (other processes, kernel I/O threads), in percent.</summary>
    public double OtherPercent => 100 * Math.Max(0, Cpu.MachineBusy.TotalSeconds - Cpu.Process.TotalSeconds - Cpu.Postgres.TotalSeconds)
        / (Elapsed.TotalSeconds * Environment.ProcessorCount);

    /// <summary>Other work took more than <see cref="DisturbedAbove"/> % of the machine: the figure is likely too low.</summary>
    public bool Disturbed => OtherPercent > DisturbedAbove;

    public const double DisturbedAbove = 15;

    /// <summary>Disk flushes of the whole machine per transition: about 1–2 for one durable commit each, more when others fsync too.</summary>
    public double FlushesPerTransition => (double)Cpu.DiskFlushes / Transitions;

    public double MachinePercent => 100 * Cpu.MachineBusy.TotalSeconds / (Elapsed.TotalSeconds * Environment.ProcessorCount);
}

/// <summary>
/// CPU time used so far: this process, the measured PostgreSQL server's processes, the whole machine (busy, not idle
/// nor I/O wait); and the disk flushes (fsync reaching the device) of the machine, ours and anyone else's.
/// </summary>
internal sealed record CpuSample(TimeSpan Process, TimeSpan Postgres, TimeSpan MachineBusy, long DiskFlushes = 0)
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux

    /// <summary>The postmaster of the server being measured (its children are the backends); null: none.</summary>
    public static int? ServerPid { get; set; }

    public static CpuSample Take()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new CpuSample(self.TotalProcessorTime, PostgresCpu(), MachineBusyCpu(), DiskFlushCount());
    }

    public static CpuSample operator -(CpuSample after, CpuSample before) =>
        new(after.Process - before.Process, after.Postgres - before.Postgres, after.MachineBusy - before.MachineBusy, after.DiskFlushes - before.DiskFlushes);

    /// <summary>Flush requests completed by the block devices (/proc/diskstats, field "flushes completed").</summary>
    private static long DiskFlushCount()
    {
        if (!File.Exists("/proc/diskstats"))
        {
            return 0;
        }

        long flushes = 0;
        foreach (var line in File.ReadLines("/proc/diskstats"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // major minor name, then 17 counters on recent kernels; whole disks only (a partition's flushes are its disk's).
            if (fields.Length >= 20 && !fields[2].StartsWith("loop", StringComparison.Ordinal) && Directory.Exists($"/sys/block/{fields[2]}"))
            {
                flushes += long.Parse(fields[18], CultureInfo.InvariantCulture);
            }
        }

        return flushes;
    }

    private static TimeSpan MachineBusyCpu()
    {
        if (!File.Exists("/proc/stat"))
        {
            return TimeSpan.Zero;
        }

        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var busy = fields.Take(8).Sum() - fields[3] - fields[4];
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }

    private static TimeSpan PostgresCpu()
    {
        if (ServerPid is not { } postmaster || !Directory.Exists("/proc"))
        {
            return TimeSpan.Zero;
        }

        long ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ...": after "(comm)", ppid is the 2nd field, utime the 12th, stime the 13th.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (pid == postmaster || int.Parse(rest[1], CultureInfo.InvariantCulture) == postmaster)
                {
                    ticks += long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }

        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}

internal static class Meter
{
    /// <summary>
    /// Runs every worker in a loop, lets them warm up, then counts the transitions completed during
    /// <paramref name="measured"/>. The workers keep running across both windows: no ramp-up or tail is counted.
    /// </summary>
    public static async Task<Measurement> RunAsync(IWorkload workload, IReadOnlyList<IReadOnlyList<Guid>> shares, TimeSpan warmup, TimeSpan measured)
    {
        var workers = new IWorker[shares.Count];
        for (var i = 0; i < shares.Count; i++)
        {
            workers[i] = await workload.CreateWorkerAsync(i, shares[i]);
        }

        const int Stride = 16; // one cache line per counter
        var counts = new long[shares.Count * Stride];
        using var stop = new CancellationTokenSource();
        var loops = workers.Select((worker, i) => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await worker.FireNextAsync();
                Volatile.Write(ref counts[i * Stride], counts[i * Stride] + 1);
            }
        })).ToArray();

        try
        {
            await WaitAsync(warmup, loops);
            (workload as IProfiled)?.ResetProfile();
            var cpuBefore = CpuSample.Take();
            var before = Sum(counts, Stride);
            var clock = Stopwatch.StartNew();
            await WaitAsync(measured, loops);
            var after = Sum(counts, Stride);
            var elapsed = clock.Elapsed;
            var cpu = CpuSample.Take() - cpuBefore;
            return new Measurement(after - before, elapsed, cpu) { Profile = (workload as IProfiled)?.ProfileReport(after - before) };
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    /// <summary>Waits until the machine was less than 10 % busy for a second (other work would skew the run), at most <paramref name="limit"/>.</summary>
    public static async Task<bool> WaitForQuietAsync(TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var before = CpuSample.Take();
            await Task.Delay(1000);
            var busy = (CpuSample.Take() - before).MachineBusy.TotalSeconds / Environment.ProcessorCount;
            if (busy < 0.10)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Waits, but stops at once if a worker failed (its exception surfaces in the finally above).</summary>
    private static async Task WaitAsync(TimeSpan time, Task[] loops)
    {
        var delay = Task.Delay(time);
        var first = await Task.WhenAny(loops.Append(delay));
        if (first != delay)
        {
            await first;
        }
    }

    private static long Sum(long[] counts, int stride)
    {
        long total = 0;
        for (var i = 0; i < counts.Length; i += stride)
        {
            total += Volatile.Read(ref counts[i]);
        }

        return total;
    }
}

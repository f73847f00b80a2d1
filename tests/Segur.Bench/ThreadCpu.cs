using System.Runtime.InteropServices;

namespace Segur.Bench;

/// <summary>
/// The CPU time of the calling thread (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, a vDSO call of ~50 ns): what
/// the writer loop's batches cost in CPU, whatever else the machine runs meanwhile. Null elsewhere than Linux.
/// </summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTime = 3;

    public static Func<long>? Clock { get; } = OperatingSystem.IsLinux() ? Now : null;

    private static long Now() => clock_gettime(ClockThreadCpuTime, out var time) == 0 ? time.Seconds * 1_000_000_000 + time.Nanoseconds : 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}

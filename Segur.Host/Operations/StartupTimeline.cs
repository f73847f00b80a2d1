using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;

namespace Segur.Host.Operations;

/// <summary>
/// Where start-up time goes (decisions 0140, 0210): each phase's end as wall time since the process started, the CPU time
/// the process used since the previous mark (meaningful on a busy machine) and, of that, the time the JIT compiler took and
/// the methods it compiled, and the thread pool's threads and queued work items at the mark (decision 0212: a pool whose
/// threads are all busy compiling leaves requests waiting while the CPU is free). Logged once when the Host listens
/// (« Démarrage : »), then once its first responses are sent (« Premières réponses : », what the first visitors waited for).
/// </summary>
internal static class StartupTimeline
{
    private const int FirstResponsesLogged = 2;

    private static readonly List<TimelineMark> s_marks = [];
    private static readonly DateTime s_processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private static TimelineMark s_previous = new("", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0);
    private static int s_responses;

    /// <summary>Wall time since the process started.</summary>
    public static TimeSpan SinceProcessStart => DateTime.UtcNow - s_processStart;

    public static void Mark(string phase)
    {
        var mark = new TimelineMark(phase, DateTime.UtcNow - s_processStart, Environment.CpuUsage.TotalTime, JitInfo.GetCompilationTime(), JitInfo.GetCompiledMethodCount(),
            ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount);
        lock (s_marks)
        {
            s_marks.Add(mark);
        }
    }

    /// <summary>One line: "phase wall ms (cpu +ms, jit +ms/methods)" for each phase, in order; then forgets them (tests start several hosts).</summary>
    public static string Describe()
    {
        var text = new StringBuilder();
        lock (s_marks)
        {
            foreach (var mark in s_marks)
            {
                text.Append(CultureInfo.InvariantCulture,
                    $"{mark.Phase} {mark.Wall.TotalMilliseconds:0}ms (cpu +{(mark.Cpu - s_previous.Cpu).TotalMilliseconds:0}, " +
                    $"jit +{(mark.Jit - s_previous.Jit).TotalMilliseconds:0}/{mark.JitMethods - s_previous.JitMethods}, pool {mark.PoolThreads}/{mark.PoolQueued}) · ");
                s_previous = mark;
            }

            s_marks.Clear();
        }

        return text.ToString().TrimEnd(' ', '·');
    }

    /// <summary>
    /// Logs the timeline once the server listens, and the first responses (path, status) with what they cost once they are
    /// sent. Call before the rest of the pipeline, so that the responses are timed whole.
    /// </summary>
    public static void Watch(WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            Mark("listening");
            app.Logger.LogInformation("Démarrage : {Timeline}", Describe());
        });
        app.Use(async (context, next) =>
        {
            await next(context);
            if (Volatile.Read(ref s_responses) >= FirstResponsesLogged || context.Request.Headers.ContainsKey(FirstPagesWarmUp.Header))
            {
                return;
            }

            var count = Interlocked.Increment(ref s_responses);
            if (count <= FirstResponsesLogged)
            {
                Mark($"{context.Request.Path} {context.Response.StatusCode}");
            }

            if (count == FirstResponsesLogged)
            {
                app.Logger.LogInformation("Premières réponses : {Responses}", Describe());
            }
        });
    }

    private readonly record struct TimelineMark(string Phase, TimeSpan Wall, TimeSpan Cpu, TimeSpan Jit, long JitMethods, int PoolThreads, long PoolQueued);
}

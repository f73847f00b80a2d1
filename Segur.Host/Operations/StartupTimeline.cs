using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Segur.Host.Operations;

/// <summary>
/// Where start-up time goes (decision 0140): each phase's end as wall time since the process started and the CPU time
/// the process used until then (the CPU figure stays meaningful on a busy machine). Logged once, when the Host answers.
/// </summary>
internal static class StartupTimeline
{
    private static readonly List<(string Phase, TimeSpan Wall, TimeSpan Cpu)> s_marks = [];
    private static readonly DateTime s_processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();

    public static void Mark(string phase)
    {
        using var process = Process.GetCurrentProcess();
        var mark = (phase, DateTime.UtcNow - s_processStart, process.TotalProcessorTime);
        lock (s_marks)
        {
            s_marks.Add(mark);
        }
    }

    /// <summary>One line: "phase wall/cpu ms" for each phase, in order; then forgets them (tests start several hosts).</summary>
    public static string Describe()
    {
        var text = new StringBuilder();
        lock (s_marks)
        {
            var previous = TimeSpan.Zero;
            foreach (var (phase, wall, cpu) in s_marks)
            {
                text.Append(CultureInfo.InvariantCulture, $"{phase} {wall.TotalMilliseconds:0}ms (cpu +{(cpu - previous).TotalMilliseconds:0}) · ");
                previous = cpu;
            }

            s_marks.Clear();
        }

        return text.ToString().TrimEnd(' ', '·');
    }

    /// <summary>Logs the timeline once the server listens.</summary>
    public static void LogWhenStarted(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            Mark("listening");
            app.Logger.LogInformation("Démarrage : {Timeline}", Describe());
        });
}

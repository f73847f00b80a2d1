using System.Xml;

namespace Segur.Workflows.Engine.Clock;

/// <summary>
/// The system clock moved forward by the ISO-8601 duration written in a file (<c>Segur:Clock:OffsetFile</c>), read again
/// every 100 ms (a file's modification time is too coarse to tell a truncation from the write that follows it; write the
/// file by renaming a new one into place). For rehearsals and tests across processes: several Hosts reading one file see the same
/// "now", so a seven-day timer can be made due without waiting seven days. Not set in production (decision 0155).
/// </summary>
public sealed class ShiftedClock(string offsetFile, int recheckMilliseconds = 100) : TimeProvider
{

    private readonly Lock _lock = new();
    private TimeSpan _offset;
    private long? _checkedAt;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset();

    /// <summary>The offset in force; an empty or missing file is no offset, an unreadable one keeps the last good one.</summary>
    public TimeSpan Offset()
    {
        var tick = Environment.TickCount64;
        lock (_lock)
        {
            if (tick - _checkedAt < recheckMilliseconds)
            {
                return _offset;
            }

            _checkedAt = tick;
            _offset = Read(offsetFile) ?? _offset;
            return _offset;
        }
    }

    /// <summary>"P7DT1H" → 7 days 1 hour; an empty file → zero; anything else → null (kept as it was).</summary>
    internal static TimeSpan? Read(string path)
    {
        try
        {
            var text = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
            return text.Length == 0 ? TimeSpan.Zero : XmlConvert.ToTimeSpan(text);
        }
        catch (Exception ex) when (ex is IOException or FormatException or OverflowException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

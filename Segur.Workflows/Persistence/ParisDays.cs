namespace Segur.Workflows.Persistence;

/// <summary>A day as French users mean it (Paris time), as a UTC range for queries on UTC timestamps.</summary>
public static class ParisDays
{
    private static readonly TimeZoneInfo s_zone = FindZone();

    /// <summary>Europe/Paris (UTC on a machine without time-zone data: wrong by an hour or two, but never failing a page).</summary>
    public static TimeZoneInfo Zone => s_zone;

    /// <summary>The first UTC instant of <paramref name="day"/> in Paris.</summary>
    public static DateTime StartUtc(DateOnly day) => day <= DateOnly.MinValue.AddDays(1)
        ? DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc) // a bound before any data; Paris is ahead of UTC
        : TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), s_zone);

    /// <summary>The first UTC instant after <paramref name="day"/> in Paris (exclusive bound).</summary>
    public static DateTime EndUtc(DateOnly day) =>
        day == DateOnly.MaxValue ? DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc) : StartUtc(day.AddDays(1));

    /// <summary>The Paris day of a UTC instant (an import at 23:30 UTC in winter is made on the next day in Paris).</summary>
    public static DateOnly DayOf(DateTime utc) => DateOnly.FromDateTime(ToParis(utc));

    /// <summary>A stored UTC instant as Paris reads its clocks, for messages to users.</summary>
    public static DateTime ToParis(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), s_zone);

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}

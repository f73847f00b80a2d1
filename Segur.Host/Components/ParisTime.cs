using System.Globalization;

namespace Segur.Host.Components;

/// <summary>Dates shown to users: French format, Paris time (the server may run in UTC).</summary>
public static class ParisTime
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    private static readonly TimeZoneInfo s_zone = FindZone();

    public static DateTimeOffset ToParis(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, s_zone);

    /// <summary>"26/11/2026 à 17:42".</summary>
    public static string DateAndTime(DateTimeOffset instant)
    {
        var paris = ToParis(instant);
        return paris.ToString("dd/MM/yyyy", French) + " à " + paris.ToString("HH:mm", French);
    }

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        }
        catch (TimeZoneNotFoundException)
        {
            // A machine without tzdata: UTC is wrong by one or two hours but never fails a page.
            return TimeZoneInfo.Utc;
        }
    }
}

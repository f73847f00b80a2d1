using System.Globalization;
using Segur.Workflows.Persistence;

namespace Segur.Host.Components;

/// <summary>Dates shown to users: French format, Paris time (the server may run in UTC).</summary>
public static class ParisTime
{
    public static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public static DateTimeOffset ToParis(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, ParisDays.Zone);

    /// <summary>"26/11/2026 à 17:42".</summary>
    public static string DateAndTime(DateTimeOffset instant)
    {
        var paris = ToParis(instant);
        return paris.ToString("dd/MM/yyyy", French) + " à " + paris.ToString("HH:mm", French);
    }
}

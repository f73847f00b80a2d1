using System.Xml;

namespace Segur.Workflows.Engine.Definitions;

/// <summary>ISO-8601 durations as analysts write them: "P7D", "PT12H", "P1DT6H".</summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text) || text[0] != 'P')
        {
            return false;
        }

        try
        {
            duration = XmlConvert.ToTimeSpan(text);
            return duration > TimeSpan.Zero;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static TimeSpan Parse(string text) => TryParse(text, out var d)
        ? d
        : throw new FormatException($"« {text} » n'est pas une durée ISO-8601 positive (exemples : P7D, PT12H).");

    /// <summary>"P7D" → "7 jours", "P1DT6H" → "1 jour et 6 heures", as the Studio shows durations; null when not a duration.</summary>
    public static string? ToWords(string? text) => TryParse(text, out var d) ? ToFrench(d) : null;

    /// <summary>How users read a delay: "7 jours", "1 jour", "12 heures", "2 jours et 6 heures", "30 minutes".</summary>
    public static string ToFrench(TimeSpan duration)
    {
        var parts = new List<string>();
        Add(duration.Days, "jour", "jours");
        Add(duration.Hours, "heure", "heures");
        Add(duration.Minutes, "minute", "minutes");
        Add(duration.Seconds, "seconde", "secondes");
        return parts.Count switch
        {
            0 => "aucun délai",
            1 => parts[0],
            _ => string.Join(", ", parts[..^1]) + " et " + parts[^1],
        };

        void Add(int count, string one, string many)
        {
            if (count > 0)
            {
                parts.Add(count == 1 ? $"1 {one}" : $"{count} {many}");
            }
        }
    }
}

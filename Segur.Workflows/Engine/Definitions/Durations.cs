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
    public static string? ToWords(string? text)
    {
        if (!TryParse(text, out var d))
        {
            return null;
        }

        var parts = new List<string>();
        Add(parts, d.Days, "jour", "jours");
        Add(parts, d.Hours, "heure", "heures");
        Add(parts, d.Minutes, "minute", "minutes");
        Add(parts, d.Seconds, "seconde", "secondes");
        return parts.Count == 1 ? parts[0] : string.Join(", ", parts[..^1]) + " et " + parts[^1];

        static void Add(List<string> parts, int n, string one, string many)
        {
            if (n > 0)
            {
                parts.Add(n == 1 ? $"1 {one}" : $"{n} {many}");
            }
        }
    }
}

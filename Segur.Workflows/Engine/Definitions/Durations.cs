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
}

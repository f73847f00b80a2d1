using System.Globalization;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Studio.Pages.Definitions;

/// <summary>How the Studio writes dates, people and versions.</summary>
public static class StudioText
{
    private static readonly CultureInfo s_fr = CultureInfo.GetCultureInfo("fr-FR");

    public static string When(DateTime? utc) => utc is { } at ? ParisDays.ToParis(at).ToString("dd/MM/yyyy 'à' HH:mm", s_fr) : "—";

    public static string Version(VersionSummary v) => v.Status == DefinitionStatus.Published
        ? $"v{v.Version} publiée par {Who(v.PublishedBy)} le {When(v.PublishedAt)}" + (v.RestoredFrom is { } r ? $" (reprend la v{r})" : "")
        : $"v{v.Version} proposée par la livraison du {When(v.CreatedAt)}, non publiée";

    /// <summary>The release is "la livraison"; people are named by their UID.</summary>
    public static string Who(string? by) => by is null or "release" ? "la livraison" : by;

    public static string Origin(DefinitionOrigin origin) => origin == DefinitionOrigin.Release ? "livraison" : "Studio";

    public static string Status(DefinitionStatus status) => status == DefinitionStatus.Published ? "Publiée" : "Non publiée";

    public static string Number(decimal value) => value.ToString("#,##0.##", s_fr);
}

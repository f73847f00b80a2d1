namespace Segur.Host.Components.Identity;

/// <summary>Where to go after signing in: only a path of this site (no open redirect), else the home page.</summary>
public static class LocalReturnUrl
{
    public const string Home = "/accueil";

    public static string Or(string? returnUrl) =>
        returnUrl is { Length: > 1 } url && url[0] == '/' && url[1] != '/' && url[1] != '\\' && !url.Contains("://", StringComparison.Ordinal)
            ? url
            : Home;
}

using Microsoft.AspNetCore.HostFiltering;

namespace Segur.Host.Identity;

/// <summary>
/// The portal's public address, used in every e-mailed link: from configuration only, never from the request's Host
/// header (a forged Host would put the attacker's site in a password-reset e-mail). docs/decisions/0050.
/// </summary>
public sealed record PublicAddress(Uri Url)
{
    /// <summary>"https://segur.example.fr/" (always ends with "/").</summary>
    public string Base => Url.AbsoluteUri;

    private static readonly HashSet<string> s_wildcards = ["*", "+", "0.0.0.0", "[::]", "::"];

    /// <summary>
    /// <c>Segur:PublicUrl</c>; when unset, the address the Host listens on (<c>urls</c> / ASPNETCORE_URLS, by default
    /// http://localhost:5000) if it names a host. Listening on every interface with no public address is refused at
    /// start-up outside Development. <c>AllowedHosts</c>, when not given, becomes that host and the loopback names.
    /// </summary>
    public static PublicAddress Configure(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var address = configuration["Segur:PublicUrl"] is { Length: > 0 } configured
            ? Parse(configured.Trim(), "Segur:PublicUrl")
            : FromListenAddress(configuration["urls"], builder.Environment.IsDevelopment());

        if (string.IsNullOrWhiteSpace(configuration["AllowedHosts"]))
        {
            string[] hosts = [address.Url.IdnHost, "localhost", "127.0.0.1", "[::1]"];
            builder.Services.PostConfigure<HostFilteringOptions>(options =>
            {
                options.AllowedHosts = hosts.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                options.AllowEmptyHosts = false;
            });
        }

        builder.Services.AddSingleton(address);
        return address;
    }

    private static PublicAddress FromListenAddress(string? urls, bool development)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://localhost:5000";
        var host = first.Split("://", 2) is [_, var rest] ? rest.Split('/', 2)[0] : first;
        var hostName = host.StartsWith('[') ? host[..(host.IndexOf(']') + 1)] : host.Split(':')[0];
        if (!s_wildcards.Contains(hostName))
        {
            return Parse(first, "urls");
        }

        if (development)
        {
            return Parse(first.Replace(hostName, "localhost", StringComparison.Ordinal), "urls");
        }

        throw new InvalidOperationException(
            $"Segur:PublicUrl n'est pas défini alors que le portail écoute sur toutes les interfaces ({first}) : indiquez l'adresse publique " +
            "du portail (par exemple Segur__PublicUrl=https://segur.example.fr/), utilisée dans les liens envoyés par e-mail.");
    }

    private static PublicAddress Parse(string text, string key)
    {
        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{key} : « {text} » n'est pas une adresse http(s) absolue (par exemple https://segur.example.fr/).");
        }

        return new PublicAddress(url);
    }
}

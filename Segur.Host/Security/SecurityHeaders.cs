using System.Net;
using System.Security.Cryptography;

namespace Segur.Host.Security;

/// <summary>
/// Headers on every response, errors and static files included (decision 0097): a Content-Security-Policy that lets only
/// this site's scripts run (plus the import map Blazor writes inline, carrying the request's nonce), nosniff, a referrer
/// kept on this site (reset links carry a code), no framing; HSTS on HTTPS requests. Set when the response starts, so an
/// exception handler clearing the headers does not remove them.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    /// <summary>Where the API reference (Scalar, whose page writes its configuration inline) is served.</summary>
    public const string ApiReferencePath = "/api/reference";

    private const string NonceKey = "segur.csp-nonce";

    // Blazor Server needs no eval; MudBlazor sets style attributes, hence 'unsafe-inline' for styles only.
    private const string Policy =
        "default-src 'self'; script-src 'self' 'nonce-{0}'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string ApiReferencePolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>This request's nonce, for the inline scripts the pages write (the import map).</summary>
    public static string Nonce(HttpContext context)
    {
        if (context.Items[NonceKey] is not string nonce)
        {
            // Hexadecimal: valid in a CSP nonce and left as is by the HTML encoder (which escapes base64's '=' and '+').
            context.Items[NonceKey] = nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        }

        return nonce;
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(ApiReferencePath)
                ? ApiReferencePolicy
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, Policy, Nonce(context));
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers.XFrameOptions = "DENY";
            if (context.Request.IsHttps && !IsLoopback(context.Request.Host.Host))
            {
                headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
}

public static class SecurityHeadersSetup
{
    /// <summary>
    /// First in the pipeline. Redirects HTTP to HTTPS only when the Host itself listens on HTTPS (<c>urls</c> or
    /// <c>https_port</c>): behind a proxy that terminates TLS, the proxy redirects.
    /// </summary>
    public static void UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<SecurityHeaders>();
        var urls = app.Configuration["urls"] ?? app.Configuration["ASPNETCORE_URLS"] ?? "";
        if (urls.Contains("https://", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrEmpty(app.Configuration["https_port"]))
        {
            app.UseHttpsRedirection();
        }
    }
}

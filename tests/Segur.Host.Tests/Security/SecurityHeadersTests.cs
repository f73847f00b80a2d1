using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Security;

/// <summary>Security headers on every response (issue 7): a CSP Blazor Server and MudBlazor run under, nosniff, referrer, framing, HSTS.</summary>
public sealed partial class SecurityHeadersTests
{
    [Theory]
    [InlineData("/", HttpStatusCode.OK)]
    [InlineData("/connexion", HttpStatusCode.OK)]
    [InlineData("/page-qui-n-existe-pas", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/requests", HttpStatusCode.Unauthorized)]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/app.css", HttpStatusCode.OK)]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path, HttpStatusCode status)
    {
        await using var app = SegurApp.Start();
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("default-src 'self'", policy);
        Assert.Matches("script-src 'self' 'nonce-[0-9A-F]{32}';", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.False(response.Headers.Contains("Strict-Transport-Security"), "pas de HSTS en HTTP");
    }

    [Fact]
    public async Task ThePagesInlineImportMap_CarriesThisResponsesNonce_AndEachResponseHasItsOwn()
    {
        await using var app = SegurApp.Start();
        using var client = app.CreateClient();

        using var first = await client.GetAsync("/");
        using var second = await client.GetAsync("/");

        var nonce = NonceIn().Match(Header(first, "Content-Security-Policy")).Groups[1].Value;
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\">", await first.Content.ReadAsStringAsync());
        Assert.NotEqual(nonce, NonceIn().Match(Header(second, "Content-Security-Policy")).Groups[1].Value);
    }

    [Fact]
    public async Task HttpsRequests_GetHsts()
    {
        await using var app = SegurApp.Start();
        using var client = app.CreateClient(new() { BaseAddress = new Uri(SegurApp.PublicUrl), AllowAutoRedirect = false });

        using var response = await client.GetAsync("/connexion");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task ThePagesStillWork_InChromium_UnderThePolicy_WithNoViolation()
    {
        var (app, address) = SegurApp.StartOnRealPort();
        await using var _ = app;
        await using var browser = await SupplierBrowser.SignInAsync(address, app.Demo.Suppliers[0]);
        var violations = new List<string>();
        browser.Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add(message.Text);
            }
        };

        // data-ready is set by the interactive circuit: the scripts ran and the WebSocket connected under the policy.
        foreach (var path in new[] { "/imports", "/demandes", "/imports/nouveau" })
        {
            await browser.GoToInteractiveAsync(path);
        }

        Assert.Empty(violations);
        await browser.CheckAsync("securite-csp-imports", "Imports sous CSP");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"En-tête {name} absent de {response.RequestMessage?.RequestUri} ({(int)response.StatusCode})");

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceIn();
}

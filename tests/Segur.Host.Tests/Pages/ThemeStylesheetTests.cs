using System.Net;
using System.Text.RegularExpressions;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages;

/// <summary>
/// MudBlazor's theme variables come from one stylesheet the browser keeps, not from a <c>&lt;style&gt;</c> written into every
/// page (decision 0218).
/// </summary>
public sealed class ThemeStylesheetTests
{
    [Fact]
    public async Task APage_LinksTheThemeStylesheet_InsteadOfWritingTheTheme()
    {
        var app = SegurApp.Start();
        await using var _ = app;
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/mentions-legales");

        Assert.DoesNotContain("mud-theme-provider", html, StringComparison.Ordinal);
        Assert.DoesNotContain("--mud-palette-primary:", html, StringComparison.Ordinal);
        var address = Regex.Match(html, "<link rel=\"stylesheet\" href=\"(segur-theme\\.[0-9a-f]{10}\\.css)\"").Groups[1].Value;
        Assert.NotEmpty(address);

        using var response = await client.GetAsync("/" + address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        var css = await response.Content.ReadAsStringAsync();
        Assert.Contains("--mud-palette-primary: rgba(29,78,137,1);", css, StringComparison.Ordinal); // SegurTheme's #1d4e89
        Assert.Contains("::-webkit-scrollbar", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherVersionOfTheTheme_IsNotFound()
    {
        var app = SegurApp.Start();
        await using var _ = app;
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/segur-theme.0000000000.css");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

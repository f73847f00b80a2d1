using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages;

/// <summary>
/// The Host runs from its build output: outside Development its pages' styles and scripts (fingerprinted addresses) are
/// cached by the browser for a year instead of being fetched again at each page (decision 0215).
/// </summary>
public sealed class StaticAssetsTests
{
    [Fact]
    public async Task OutsideDevelopment_ThePagesStylesAndScripts_AreCachedForAYear()
    {
        var app = SegurApp.Start(new Dictionary<string, string?> { ["environment"] = "Production" });
        await using var _ = app;
        Assert.Equal("Production", app.Services.GetRequiredService<IWebHostEnvironment>().EnvironmentName);
        using var client = app.CreateClient();

        var html = await client.GetStringAsync("/mentions-legales");
        var assets = Regex.Matches(html, "(?:href|src)=\"([^\"]+\\.(?:css|js))\"").Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        // The scripts segur-start.js loads once the page is painted are named by its data-*-src attributes (decision 0242).
        Assert.Contains(assets, a => a.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("segur-start.", StringComparison.Ordinal));
        foreach (var asset in assets)
        {
            using var response = await client.GetAsync("/" + asset);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        }
    }
}

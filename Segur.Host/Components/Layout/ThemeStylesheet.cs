using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Segur.Host.Components.Layout;

/// <summary>
/// MudBlazor's theme (<see cref="SegurTheme"/>: some 300 CSS variables, 12 KB) as one stylesheet that the browser keeps for a
/// year, instead of the <c>&lt;style&gt;</c> that <see cref="MudThemeProvider"/> writes into every page (decision 0218). The
/// text is what the provider itself renders, taken from it once, so it stays MudBlazor's; its address carries a hash of it,
/// so a changed theme is a new address. The layout keeps the provider without its markup (<see cref="ThemeWithoutStyle"/>).
/// </summary>
public sealed partial class ThemeStylesheet(IServiceProvider services, ILoggerFactory loggers)
{
    private readonly Lazy<Task<Sheet>> _sheet = new(() => RenderAsync(services, loggers));

    /// <summary>The stylesheet's address relative to the pages' base, e.g. <c>segur-theme.1a2b3c4d5e.css</c>.</summary>
    public async Task<string> AddressAsync() => (await _sheet.Value).Address;

    public static void Map(IEndpointRouteBuilder app) =>
        app.MapGet("/segur-theme.{version}.css", async (string version, ThemeStylesheet theme, HttpContext context) =>
        {
            var sheet = await theme._sheet.Value;
            if (version != sheet.Version)
            {
                return Results.NotFound();
            }

            context.Response.Headers.CacheControl = "max-age=31536000, immutable";
            return Results.Text(sheet.Css, "text/css; charset=utf-8");
        }).AllowAnonymous();

    private static async Task<Sheet> RenderAsync(IServiceProvider services, ILoggerFactory loggers)
    {
        await using var scope = services.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var parameters = ParameterView.FromDictionary(new Dictionary<string, object?> { [nameof(MudThemeProvider.Theme)] = SegurTheme.Theme });
            return (await renderer.RenderComponentAsync<MudThemeProvider>(parameters)).ToHtmlString();
        });

        var styles = StyleElement().Matches(html);
        // Only styles can move to a stylesheet: markup of a later MudBlazor would be lost from the pages.
        if (styles.Count == 0 || StyleElement().Replace(html, "").Trim().Length > 0)
        {
            throw new InvalidOperationException(
                $"MudThemeProvider ne rend plus seulement des styles ; le thème ne peut pas devenir une feuille de style (ThemeStylesheet, décision 0218) : {html[..Math.Min(html.Length, 300)]}");
        }

        var css = string.Join("\n", styles.Select(m => m.Groups[1].Value.Trim()));
        var version = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(css)))[..10];
        return new Sheet(css, version, $"segur-theme.{version}.css");
    }

    [GeneratedRegex("<style[^>]*>(.*?)</style>", RegexOptions.Singleline)]
    private static partial Regex StyleElement();

    private sealed record Sheet(string Css, string Version, string Address);
}

/// <summary>MudBlazor's theme provider without its <c>&lt;style&gt;</c>: the pages link <see cref="ThemeStylesheet"/> instead.</summary>
public sealed class ThemeWithoutStyle : MudThemeProvider
{
    protected override void BuildRenderTree(Microsoft.AspNetCore.Components.Rendering.RenderTreeBuilder builder)
    {
    }
}

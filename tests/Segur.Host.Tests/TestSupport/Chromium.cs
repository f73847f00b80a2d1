using Microsoft.Playwright;

namespace Segur.Host.Tests.TestSupport;

/// <summary>Headless Chromium from the system (apt), driven by Playwright: no browser download, no network.</summary>
public static class Chromium
{
    /// <summary>Where screenshots go: artifacts/ in the test output folder.</summary>
    public static string ArtifactsFolder { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        var path = Environment.GetEnvironmentVariable("SEGUR_TEST_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        if (!File.Exists(path))
        {
            Assert.Fail($"Chromium est introuvable ({path}) : lancez ./test.sh, qui l'installe, ou indiquez son chemin dans SEGUR_TEST_CHROMIUM.");
        }

        // Expectations are conditions polled until they hold; Playwright's 5 s default is too short when 2 cores run several
        // Hosts, PostgreSQL, RabbitMQ and other work (an import under a load of 100 took longer). Set here, where every
        // browser of every test class starts, so that no class depends on another having run first. Only a bound.
        Assertions.SetDefaultExpectTimeout(30_000);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--lang=fr-FR", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, name + ".png"), FullPage = true });
}

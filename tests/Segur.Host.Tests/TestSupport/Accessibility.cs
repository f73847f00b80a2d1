using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Segur.Host.Tests.TestSupport;

/// <summary>RGAA-minded checks with axe: a page passes when it has no serious or critical violation.</summary>
public static class Accessibility
{
    /// <summary>
    /// The one rule set of every browser test: WCAG 2.1 A and AA, axe's best practices, and label-content-name-mismatch
    /// (experimental in axe, so named: a control whose accessible name does not contain its visible text, WCAG 2.5.3).
    /// </summary>
    public static AxeRunOptions Options => new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        Rules = new Dictionary<string, RuleOptions> { ["label-content-name-mismatch"] = new() { Enabled = true } },
    };

    public static async Task AssertNoSeriousViolationAsync(IPage page, string name)
    {
        var serious = await SeriousViolationsAsync(page);
        Assert.True(serious.Count == 0, $"axe, {name} : " + string.Join("\n", serious));
    }

    /// <summary>The page's serious and critical violations under <see cref="Options"/>, each described with its elements.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        var result = await page.RunAxe(Options);
        return [.. result.Violations.Where(v => v.Impact is "serious" or "critical").Select(Describe)];
    }

    /// <summary>Every rule axe ran on the page (passed, violated, inapplicable or left to a human): proves the rule set.</summary>
    public static async Task<IReadOnlySet<string>> RulesRunAsync(IPage page)
    {
        var result = await page.RunAxe(Options);
        return result.Passes.Concat(result.Violations).Concat(result.Inapplicable).Concat(result.Incomplete).Select(r => r.Id).ToHashSet();
    }

    private static string Describe(AxeResultItem violation) =>
        $"{violation.Impact} {violation.Id} ({violation.Help}) : "
        + string.Join("\n  ", violation.Nodes.Select(n =>
            $"{n.Target} {n.Html} " + string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))));
}

/// <summary>A visitor or a signed-in supplier in headless Chromium, on a Host listening on a real port.</summary>
public sealed class PortalBrowser : IAsyncDisposable
{
    private IPlaywright _playwright = default!;
    private IBrowser _browser = default!;

    public IPage Page { get; private set; } = default!;

    public static async Task<PortalBrowser> OpenAsync(Uri address)
    {
        var session = new PortalBrowser { _playwright = await Playwright.CreateAsync() };
        session._browser = await Chromium.LaunchAsync(session._playwright);
        session.Page = Chromium.Watch(await session._browser.NewPageAsync(new BrowserNewPageOptions
        {
            BaseURL = address.ToString(),
            Locale = "fr-FR",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        }));
        // Actions and navigations wait as long as other slow server round trips: a Studio navigation took over 15 s under a
        // load of 60. Only a bound: each wait ends as soon as its condition holds.
        session.Page.SetDefaultTimeout(SlowTimeout);
        return session;
    }

    /// <summary>Signs in through the sign-in form and waits for the home page.</summary>
    public Task SignInAsync(DemoSupplier supplier) => SignInAsync(supplier.Uid, supplier.Password);

    /// <summary>Signs any account in (a Gestionnaire, an analyst) through the sign-in form and waits for the home page.</summary>
    public async Task SignInAsync(string uid, string password)
    {
        await Page.GotoAsync("/connexion");
        await Page.GetByLabel("Identifiant (UID)").FillAsync(uid);
        await Page.GetByLabel("Mot de passe").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Page.WaitForURLAsync("**/accueil", new() { WaitUntil = WaitUntilState.Commit, Timeout = PortalBrowser.SlowTimeout });
    }

    /// <summary>Goes to a page and waits until its interactive circuit is up (buttons work).</summary>
    public async Task GotoInteractiveAsync(string url)
    {
        await Page.GotoAsync(url);
        await WaitForInteractivityAsync();
    }

    /// <summary>
    /// Waits for the interactive render: the requests and enrolments pages mark their container <c>data-ready="true"</c> once
    /// their circuit is up (before, a click or a chosen file would be lost).
    /// </summary>
    public async Task WaitForInteractivityAsync() =>
        await Assertions.Expect(Page.Locator("[data-ready]").First).ToHaveAttributeAsync("data-ready", "true", new() { Timeout = SlowTimeout });

    /// <summary>
    /// For what waits on the server under load (a circuit starting, a submission checked and stored): 2 cores run several Hosts,
    /// and a first circuit of a cold Host took over 20 s in a full run. Only a bound: the wait ends as soon as the condition holds.
    /// </summary>
    public const float SlowTimeout = 60_000;

    /// <summary>Photographs the whole page into artifacts/, transitions finished (an opening panel would be caught half-way).</summary>
    public async Task ScreenshotAsync(string name) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(Chromium.ArtifactsFolder, name + ".png"), FullPage = true, Animations = ScreenshotAnimations.Disabled,
        });

    public async ValueTask DisposeAsync()
    {
        await Chromium.KeepJournalAsync(Page);
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

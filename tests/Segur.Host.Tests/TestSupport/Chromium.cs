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

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, System.Collections.Concurrent.ConcurrentQueue<string>> s_journals = [];

    /// <summary>
    /// Keeps what <paramref name="page"/> says (console, script errors, WebSocket closes, failed requests) with the time, so that
    /// a test that sees something go wrong can tell why (<see cref="Journal"/>).
    /// </summary>
    public static IPage Watch(IPage page)
    {
        var journal = s_journals.GetValue(page, _ => new());
        void Note(string line) => journal.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        page.Console += (_, message) => Note($"console.{message.Type}: {message.Text}");
        page.PageError += (_, error) => Note($"pageerror: {error}");
        page.RequestFailed += (_, request) => Note($"requestfailed: {request.Method} {request.Url} {request.Failure}");
        page.WebSocket += (_, socket) =>
        {
            Note($"websocket opened: {socket.Url}");
            socket.Close += (_, closed) => Note($"websocket closed: {closed.Url}");
            socket.SocketError += (_, error) => Note($"websocket error: {error}");
        };
        page.FrameNavigated += (_, frame) => Note($"navigated: {frame.Url}");
        return page;
    }

    /// <summary>What the watched page said so far, one line per event.</summary>
    public static string Journal(IPage page) =>
        s_journals.TryGetValue(page, out var journal) ? string.Join("\n", journal) : "(page non suivie)";

    private static readonly SemaphoreSlim s_journalFile = new(1, 1);

    /// <summary>
    /// Appends the page's journal to artifacts/browser-journals.log when its browser closes, with the address it ended on:
    /// a browser test that failed is then found by its time and address, with what its page saw.
    /// </summary>
    public static async Task KeepJournalAsync(IPage page)
    {
        string address;
        try
        {
            address = page.Url;
        }
        catch (PlaywrightException)
        {
            address = "?";
        }

        await s_journalFile.WaitAsync();
        try
        {
            await File.AppendAllTextAsync(Path.Combine(ArtifactsFolder, "browser-journals.log"),
                $"=== page closed at {DateTime.UtcNow:HH:mm:ss.fff} on {address}\n{Journal(page)}\n");
        }
        finally
        {
            s_journalFile.Release();
        }
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactsFolder, name + ".png"), FullPage = true });
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Segur.Host.Tests.TestSupport;

/// <summary>Clicks that change the page's address.</summary>
public static class Clicks
{
    /// <summary>
    /// Clicks <paramref name="target"/> until the address matches <paramref name="address"/> (at most three clicks, 20 s each):
    /// in full runs a click on a busy circuit was lost now and then and the page kept its address for a whole minute; a user
    /// clicks again. Only for clicks whose address shows whether they were taken (a filter, a sort, opening a task).
    /// </summary>
    public static async Task UntilAddressAsync(IPage page, ILocator target, Regex address)
    {
        for (var attempt = 1; ; attempt++)
        {
            await target.ClickAsync();
            try
            {
                // The address itself, looked at until it matches: waiting for a navigation event once missed one that had
                // happened (Blazor's own navigation), and the next click then looked for a button on the page it had opened.
                await Assertions.Expect(page).ToHaveURLAsync(address, new() { Timeout = 20_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // The address did not change: the click was lost, click again. What the page saw is kept to find out why.
                var state = await page.EvaluateAsync<string>(
                    "() => `reconnect=${document.querySelector('#components-reconnect-modal')?.outerHTML?.slice(0, 300)} errorui=${getComputedStyle(document.getElementById('blazor-error-ui')).display} ready=${document.querySelector('[data-ready]')?.getAttribute('data-ready')}`");
                await File.AppendAllTextAsync(Path.Combine(Chromium.ArtifactsFolder, "lost-clicks.log"),
                    $"--- {DateTime.UtcNow:HH:mm:ss.fff} lost click on {target} at {page.Url}\n{state}\n{Chromium.Journal(page)}\n");
            }
        }
    }
}

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
                await page.WaitForURLAsync(address, new() { WaitUntil = WaitUntilState.Commit, Timeout = 20_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                // The address did not change: the click was lost, click again.
            }
        }
    }
}

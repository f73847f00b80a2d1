using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Segur.Bench;

/// <summary>
/// Where one opening of the requests page spends its time (PageBench): the browser's navigation timing (first and last
/// byte of the document, DOM interactive, first paint, the paint that held the rows, rows seen by the harness), the Host's
/// CPU over the opening, and — when the page is left to become interactive — the circuit's start.
/// </summary>
internal sealed record Opening(string Address, double Ms, double[] Browser, double HostCpuMs, string ChromiumWork, double? InteractiveMs, double? CircuitCpuMs)
{
    /// <summary>
    /// Read in the page once the rows are shown: [responseStart, responseEnd, domInteractive, first-contentful-paint,
    /// rows seen (set by <see cref="PageTimings.RowsShown"/>), HTML bytes, table painted], milliseconds since the navigation
    /// started. « Table painted » is the render time of the first paint that held the table's cells (Element Timing: the page
    /// marks them <c>elementtiming="requests-table"</c>), what the user sees; -1 when Chromium reported none.
    /// </summary>
    public const string BrowserScript = """
        async () => {
          const n = performance.getEntriesByType('navigation')[0];
          const p = performance.getEntriesByName('first-contentful-paint')[0];
          const painted = await new Promise(resolve => {
            const observer = new PerformanceObserver(list => {
              const times = list.getEntries().filter(e => e.identifier === 'requests-table').map(e => e.renderTime || e.loadTime);
              if (times.length > 0) { observer.disconnect(); resolve(Math.min(...times)); }
            });
            observer.observe({ type: 'element', buffered: true });
            requestAnimationFrame(() => setTimeout(() => resolve(-1), 500));
          });
          return [n.responseStart, n.responseEnd, n.domInteractive, p ? p.startTime : -1, window.__segurRowsAt ?? -1, n.decodedBodySize, painted];
        }
        """;

    /// <summary>Navigation start to the paint that held the rows (first paint when Chromium reported no element timing).</summary>
    public double PaintedMs => Browser[6] > 0 ? Browser[6] : Browser[3];

    public string Describe()
    {
        string At(double value) => value <= 0 ? "–" : value.ToString("N0", CultureInfo.InvariantCulture);
        var line = FormattableString.Invariant(
            $"    {Ms,5:N0} ms  table painted {At(Browser[6])}; first byte {At(Browser[0])}, last byte {At(Browser[1])}, DOM {At(Browser[2])}, first paint {At(Browser[3])}, rows seen {At(Browser[4])}; ")
            + FormattableString.Invariant($"HTML {Browser[5] / 1024:N0} KB; Host CPU {HostCpuMs:N0} ms; Chromium {ChromiumWork}");
        if (InteractiveMs is { } interactive)
        {
            line += FormattableString.Invariant($"; interactive at {interactive:N0} ms (circuit: Host CPU {CircuitCpuMs:N0} ms)");
        }

        return line + "  " + Address;
    }
}

internal static class PageTimings
{
    /// <summary>The rows (or « aucune demande ») are in the page; notes when they were first seen.</summary>
    public static string RowsShown(string tableShown) =>
        $"() => {{ if (!({tableShown})) return false; window.__segurRowsAt ??= performance.now(); return true; }}";

    /// <summary>
    /// The same addresses fetched without a browser (the session's cookies, one after the other): the server's own time
    /// for the document, prerendering included, and the Host's CPU per document.
    /// </summary>
    public static async Task ServerOnlyAsync(BrowseBench.HostProcess server, IBrowserContext context, IReadOnlyList<string> addresses)
    {
        var cookies = string.Join("; ", (await context.CookiesAsync()).Select(c => $"{c.Name}={c.Value}"));
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = server.Address, Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.TryAddWithoutValidation("Cookie", cookies);
        http.DefaultRequestHeaders.Add("Accept", "text/html");
        var times = new List<double>();
        var cpu = TimeSpan.Zero;
        var bytes = 0L;
        foreach (var address in addresses)
        {
            var before = server.Cpu();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using var response = await http.GetAsync(address);
            var body = await response.Content.ReadAsByteArrayAsync();
            times.Add(watch.Elapsed.TotalMilliseconds);
            cpu += server.Cpu() - before;
            bytes += body.Length;
            if (!response.IsSuccessStatusCode)
            {
                Console.WriteLine($"    {(int)response.StatusCode} for {address}");
            }
        }

        var (median, p95) = Scenarios.Stats(times);
        Console.WriteLine(FormattableString.Invariant(
            $"  the same {times.Count} addresses without a browser (the server's document): median {Scenarios.Ms(median)}, p95 {Scenarios.Ms(p95)}, slowest {Scenarios.Ms(times.Max())}; ")
            + FormattableString.Invariant($"Host CPU {cpu.TotalMilliseconds / times.Count:N1} ms per document; HTML {bytes / times.Count / 1024.0:N0} KB"));

        // What the layout alone costs (a page without queries), the table's page without rows, and its first address again
        // and again (a full page of rows: the Host's CPU per document over 20 of them, finer than the 10 ms ticks of one).
        foreach (var reference in new[] { "/mentions-legales", "/demandes?numero=ZZZ-AUCUNE", addresses[0] })
        {
            var one = new List<double>();
            var before = server.Cpu();
            for (var i = 0; i < 20; i++)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                using var response = await http.GetAsync(reference);
                bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
                one.Add(watch.Elapsed.TotalMilliseconds);
            }

            var (m, p) = Scenarios.Stats(one);
            Console.WriteLine(FormattableString.Invariant(
                $"    {reference} ×20: median {Scenarios.Ms(m)}, p95 {Scenarios.Ms(p)}; Host CPU {(server.Cpu() - before).TotalMilliseconds / 20:N1} ms per document; HTML {bytes / 1024.0:N0} KB"));
        }
    }

    /// <summary>What the page loads besides its document (from the cache or not), and the headers its CSS and scripts are served with.</summary>
    public static async Task StaticAssetsAsync(BrowseBench.HostProcess server, IPage page)
    {
        var resources = await page.EvaluateAsync<string[]>(
            "() => performance.getEntriesByType('resource').map(r => `${r.name.replace(location.origin, '')} transfer ${r.transferSize} B, body ${r.decodedBodySize} B, ${Math.round(r.duration)} ms`)");
        Console.WriteLine("  the page's other loads (transfer 0 B: from the browser's cache):");
        foreach (var resource in resources)
        {
            Console.WriteLine("    " + resource);
        }

        var html = await page.ContentAsync();
        using var http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.None }) { BaseAddress = server.Address };
        foreach (var asset in Regex.Matches(html, "(?:href|src)=\"([^\"]+\\.(?:css|js))\"").Select(m => m.Groups[1].Value).Distinct())
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.Add("Accept-Encoding", "gzip, deflate, br, zstd");
            using var response = await http.SendAsync(request);
            var length = (await response.Content.ReadAsByteArrayAsync()).Length;
            Console.WriteLine(FormattableString.Invariant(
                $"    {asset}: {(int)response.StatusCode}, Cache-Control {response.Headers.CacheControl}, Content-Encoding {string.Join(",", response.Content.Headers.ContentEncoding)}, {length:N0} B sent"));
        }
    }
}

/// <summary>
/// Chromium's own work on the page's renderer (DevTools « Performance » metrics): all tasks, scripts, style recalculation
/// and layout, in milliseconds since the session started. Re-attached when a navigation changed the renderer.
/// </summary>
internal sealed class ChromiumWork(IPage page)
{
    private static readonly string[] s_names = ["TaskDuration", "ScriptDuration", "RecalcStyleDuration", "LayoutDuration"];
    private ICDPSession? _session;

    public async Task<double[]> ReadAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (_session is null)
                {
                    _session = await page.Context.NewCDPSessionAsync(page);
                    await _session.SendAsync("Performance.enable");
                }

                var answer = await _session.SendAsync("Performance.getMetrics");
                var metrics = answer!.Value.GetProperty("metrics").EnumerateArray()
                    .ToDictionary(m => m.GetProperty("name").GetString()!, m => m.GetProperty("value").GetDouble());
                return [.. s_names.Select(n => metrics.TryGetValue(n, out var seconds) ? seconds * 1000 : 0)];
            }
            catch (PlaywrightException) when (attempt == 0)
            {
                _session = null;
            }
        }
    }

    /// <summary>"task 120, script 30, style 25, layout 20" from two readings (a counter that went back restarted: its later value).</summary>
    public static string Between(double[] before, double[] after) => string.Join(", ", new[] { "task", "script", "style", "layout" }
        .Select((name, i) => FormattableString.Invariant($"{name} {(after[i] >= before[i] ? after[i] - before[i] : after[i]):N0}")));
}

using System.Net;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages;

/// <summary>The supplier's home: its own statistics, news, shortcuts, and the incomplete-requests banner.</summary>
public sealed class HomeTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheBanner_ShowsOnlyWhenTheSupplierHasIncompleteRequests_AndEachSupplierSeesOnlyItsOwn()
    {
        var first = _app.Demo.Suppliers[0];
        var second = _app.Demo.Suppliers[1];
        await FinancingRequests.CreateAsync(_app, first, "ED-001");
        var completed = await FinancingRequests.CreateAsync(_app, first, "ED-002");
        await FinancingRequests.CompleteAsync(_app, first, completed);
        await FinancingRequests.CreateAsync(_app, first, "ED-003");
        var other = await FinancingRequests.CreateAsync(_app, second, "ED-001");
        await FinancingRequests.CompleteAsync(_app, second, other);

        var firstHome = await HomeOfAsync(first);
        var banner = firstHome.TextOf("[data-testid=incomplete-banner]");
        Assert.Contains("Vous avez 2 demandes non complétées", banner);
        Assert.NotNull(firstHome.Find("[data-testid=incomplete-banner] a[href='/demandes/incompletes']"));
        Assert.Equal([("Non complétée", "2"), ("En cours", "1")], StatusRows(firstHome));

        var secondHome = await HomeOfAsync(second);
        Assert.Null(secondHome.Find("[data-testid=incomplete-banner]"));
        Assert.Equal([("En cours", "1")], StatusRows(secondHome));
    }

    [Fact]
    public async Task ASupplierWithoutRequests_SeesNoBanner_ButItsNewsAndShortcuts()
    {
        var home = await HomeOfAsync(_app.Demo.Suppliers[0]);

        Assert.Null(home.Find("[data-testid=incomplete-banner]"));
        Assert.NotNull(home.Find("[data-testid=no-requests]"));
        Assert.Contains("Actualités", home.Text);
        Assert.True(home.Document.QuerySelectorAll(".segur-news__item time[datetime]").Length >= 3);
        var shortcuts = home.Document.QuerySelectorAll(".segur-shortcut").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["/imports/nouveau", "/demandes", "/enrolements"], shortcuts);
    }

    private async Task<Page> HomeOfAsync(DemoSupplier supplier)
    {
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var home = await browser.GetAsync("/accueil");
        Assert.Equal(HttpStatusCode.OK, home.Status);
        return home;
    }

    private static List<(string Status, string Count)> StatusRows(Page home) =>
        home.Document.QuerySelectorAll("[data-testid=status-table] tbody tr")
            .Select(r => (r.QuerySelector("th")!.TextContent.Trim(), r.QuerySelector("td")!.TextContent.Trim()))
            .ToList();
}

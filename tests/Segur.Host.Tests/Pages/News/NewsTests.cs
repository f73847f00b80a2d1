using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.News;

namespace Segur.Host.Tests.Pages.News;

/// <summary>News staff write for suppliers: shown from their first day to their last, hidden once unpublished.</summary>
public sealed class NewsTests
{
    [Fact]
    public async Task ANews_IsNotShownBeforeItsFirstDay_NorAfterItsLastDay()
    {
        // 10 December 2026, 10:00 in Paris.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 10, 9, 0, 0, TimeSpan.Zero));
        await using var app = SegurApp.Start(clock);
        var board = app.Services.GetRequiredService<NewsBoard>();
        await board.CreateAsync(new NewsForm
        {
            Title = "Fermeture du guichet", Text = "Le portail sera fermé pour maintenance.",
            StartsOn = new DateOnly(2026, 12, 11), EndsOn = new DateOnly(2026, 12, 12),
        }, "GES200001");

        Assert.DoesNotContain(await board.CurrentAsync(), n => n.Title == "Fermeture du guichet");

        // Just after midnight in Paris on its first day (23:05 UTC the day before).
        clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 23, 5, 0, TimeSpan.Zero));
        Assert.Contains(await board.CurrentAsync(), n => n.Title == "Fermeture du guichet");

        clock.SetUtcNow(new DateTimeOffset(2026, 12, 12, 22, 30, 0, TimeSpan.Zero));
        Assert.Contains(await board.CurrentAsync(), n => n.Title == "Fermeture du guichet");

        clock.SetUtcNow(new DateTimeOffset(2026, 12, 12, 23, 30, 0, TimeSpan.Zero));
        Assert.DoesNotContain(await board.CurrentAsync(), n => n.Title == "Fermeture du guichet");
    }

    [Fact]
    public async Task AnUnpublishedNews_LeavesTheSuppliersHomePage_AndTheFormerConstantsAreSeeded()
    {
        await using var app = SegurApp.Start();
        var board = app.Services.GetRequiredService<NewsBoard>();
        var id = await board.CreateAsync(new NewsForm
        {
            Title = "Nouvelle version du référentiel", Text = "Les profils référencés évoluent.", StartsOn = new DateOnly(2026, 1, 1),
        }, "GES200001");
        var supplier = app.Demo.Suppliers[0];
        using var browser = app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);

        var home = await browser.GetAsync("/accueil");
        var titles = home.Document.QuerySelectorAll("[data-testid='news'] h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Contains("Nouvelle version du référentiel", titles);
        Assert.Contains("Simulez vos imports avant de les déposer", titles);
        Assert.Contains(titles, t => t.StartsWith("Demandes non complétées : 7 jours", StringComparison.Ordinal));

        await board.UnpublishAsync(id, "GES200001");
        home = await browser.GetAsync("/accueil");
        Assert.DoesNotContain("Nouvelle version du référentiel", home.Text);
        Assert.NotNull((await board.AllAsync()).Single(n => n.Id == id).UnpublishedAt);
    }

    [Fact]
    public async Task ANewsEndingBeforeItStarts_IsRefused_WithTheFieldNamed()
    {
        await using var app = SegurApp.Start();
        var board = app.Services.GetRequiredService<NewsBoard>();

        var refused = await Assert.ThrowsAsync<NewsRefusedException>(() => board.CreateAsync(new NewsForm
        {
            Title = " ", Text = "Texte", StartsOn = new DateOnly(2026, 12, 5), EndsOn = new DateOnly(2026, 12, 1),
        }, "GES200001"));

        Assert.Equal(
            ["Titre : indiquez le titre de l'actualité.", "Publiée jusqu'au : le dernier jour (01/12/2026) précède le premier (05/12/2026)."],
            refused.Problems);
        Assert.Equal(4, (await board.AllAsync()).Count);
    }

    [Fact]
    public async Task StaffWriteAndUnpublishNews_OnTheirPage()
    {
        await using var app = SegurApp.Start();
        var staff = app.Demo.Staff[0];
        using var browser = app.Pages();
        await browser.SignInAsync(staff.Uid, staff.Password);

        var page = await browser.GetAsync("/actualites");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.Status);
        Assert.Contains("Écrire une actualité", page.Text);
        Assert.Equal(4, page.Document.QuerySelectorAll("[data-testid='news-state']").Length);
        Assert.All(page.Document.QuerySelectorAll("[data-testid='news-state']"), s => Assert.Equal("Publiée", s.TextContent.Trim()));
    }
}

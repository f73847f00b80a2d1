using System.Net;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages;

/// <summary>The public page and the shell: French, sign-in and first enrolment, FAQ by topic, contact, no dead link.</summary>
public sealed class PublicPageTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ThePublicPage_SaysWhatThePortalIs_AndOffersSignInFirstEnrolmentFaqAndContact()
    {
        using var browser = _app.Pages();

        var page = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("fr", page.Document.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Portail Ségur – fournisseurs", page.Document.Title);
        Assert.Contains("Ségur du numérique en santé", page.Text);
        Assert.Contains("Agence de services et de paiement", page.Text);
        var links = page.Document.QuerySelectorAll("main a").Select(a => (Href: a.GetAttribute("href"), Text: a.TextContent.Trim())).ToList();
        Assert.Contains(("/connexion", "Se connecter"), links);
        Assert.Contains(("/inscription", "Premier enrôlement"), links);
        Assert.Contains(links, l => l.Href == "/aide#contact-section");
        var topics = page.Document.QuerySelectorAll(".segur-faq__title").Select(t => t.TextContent.Trim());
        Assert.Equal(["Enrôlement", "Import JSON", "Pièces justificatives", "Paiements"], topics);
        Assert.True(page.Document.QuerySelectorAll(".segur-faq details summary").Length >= 12);
        Assert.All(new[] { "Mentions légales", "Accessibilité", "Contact" }, label => Assert.Contains(label, page.TextOf("footer")));
    }

    [Fact]
    public async Task ASignedInUser_GoingToThePublicPage_LandsOnTheHomePage()
    {
        var supplier = _app.Demo.Suppliers[0];
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);

        var page = await browser.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/accueil", page.RedirectPath);
    }

    [Fact]
    public async Task TheSupplier_HasItsMenus_AndNoLinkOfTheShellIsDead()
    {
        var supplier = _app.Demo.Suppliers[0];
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var home = await browser.GetAsync("/accueil");

        var menu = home.Document.QuerySelectorAll("nav[aria-label='Menu principal'] a")
            .Select(a => (Text: a.TextContent.Trim(), Href: a.GetAttribute("href")!)).ToList();
        Assert.Equal(
            ["Accueil", "Enrôlements", "Imports JSON", "Demandes de financement", "Modèles de pièces", "Mon compte", "Aide"],
            menu.Select(m => m.Text));
        Assert.Equal(["/accueil", "/enrolements", "/imports", "/demandes", "/modeles", "/compte", "/aide"], menu.Select(m => m.Href));
        // "Export" is a drop-down (its two items open in the browser: PortalBrowserTests), between the requests and the templates.
        Assert.Contains("Export", home.Document.QuerySelector("nav[aria-label='Menu principal'] [data-testid=menu-export]")?.TextContent ?? "");

        // Every link of the banner, menu, home page and footer ("/" itself sends a signed-in user home: tested above).
        var links = home.Document.QuerySelectorAll("a[href^='/']").Select(a => a.GetAttribute("href")!.Split('#')[0])
            .Where(href => href != "/").Distinct().ToList();
        Assert.Contains("/imports/nouveau", links);
        Assert.Contains("/mentions-legales", links);
        foreach (var link in links)
        {
            var page = await browser.GetAsync(link);
            Assert.True(page.Status == HttpStatusCode.OK, $"{link} : {page.Status}");
            Assert.NotEmpty(page.Document.QuerySelectorAll("h1"));
        }
    }

    [Fact]
    public async Task TheStaffAndAnalystMenus_LeadToPages()
    {
        foreach (var account in new[] { _app.Demo.Staff[0], _app.Demo.Analysts[0] })
        {
            using var browser = _app.Pages();
            await browser.SignInAsync(account.Uid, account.Password);
            var home = await browser.GetAsync("/accueil");
            foreach (var link in home.Document.QuerySelectorAll("nav[aria-label='Menu principal'] a").Select(a => a.GetAttribute("href")!))
            {
                var page = await browser.GetAsync(link);
                Assert.True(page.Status == HttpStatusCode.OK, $"{account.Uid} {link} : {page.Status}");
            }
        }
    }

    [Fact]
    public async Task AnUnknownAddress_AnswersAFrench404Page()
    {
        using var browser = _app.Pages();

        var page = await browser.GetAsync("/nulle-part");

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Contains("Page introuvable", page.TextOf("h1"));
    }
}

using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Identity;

/// <summary>Sign-in by UID and password through the real form, lockout, sign-out, return address.</summary>
public sealed partial class SignInTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheDemoSupplier_SignsInWithItsUidAndPassword_AndLandsOnItsHomePage()
    {
        var supplier = _app.Demo.Suppliers[0];
        using var browser = _app.Pages();

        var answer = await browser.SignInAsync(supplier.Uid, supplier.Password);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/accueil", answer.RedirectPath);
        var home = await browser.GetAsync("/accueil");
        Assert.Equal(HttpStatusCode.OK, home.Status);
        Assert.Equal(supplier.Uid, home.TextOf("[data-testid=uid]"));
        Assert.Contains("Fournisseur", home.TextOf("[data-testid=profile]"));
        Assert.Contains(supplier.Denomination, home.TextOf("[data-testid=profile]"));
        Assert.NotNull(home.Find("form[action='/deconnexion'] button[type=submit]"));
    }

    [Fact]
    public async Task AWrongPassword_IsRefusedWithAFrenchMessage_AndGivesNoSession()
    {
        var supplier = _app.Demo.Suppliers[0];
        using var browser = _app.Pages();

        var answer = await browser.SignInAsync(supplier.Uid, supplier.Password + "x");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("Identifiant ou mot de passe incorrect", answer.TextOf("[data-testid=signin-error]"));
        var home = await browser.GetAsync("/accueil");
        Assert.Equal(HttpStatusCode.Redirect, home.Status);
        Assert.StartsWith("/connexion", home.RedirectPath);
    }

    [Fact]
    public async Task FiveFailures_PauseTheUidForThatAddress_AndTheMessageSaysUntilWhen()
    {
        var supplier = _app.Demo.Suppliers[1];
        using var browser = _app.Pages();

        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var failed = await browser.SignInAsync(supplier.Uid, "mauvais-mot-de-passe");
            Assert.Contains("Identifiant ou mot de passe incorrect", failed.TextOf("[data-testid=signin-error]"));
        }

        var fifth = await browser.SignInAsync(supplier.Uid, "mauvais-mot-de-passe");
        var message = fifth.TextOf("[data-testid=signin-error]");
        Assert.Contains("Connexion à cet identifiant suspendue depuis votre adresse jusqu'au", message);
        Assert.Contains("5 tentatives", message);
        var until = LockedUntil(message);
        var expected = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddMinutes(15), TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris"));
        Assert.InRange(until, expected.DateTime.AddMinutes(-2), expected.DateTime.AddMinutes(1));

        // Paused: even the right password is refused from this address, with the same explanation.
        var right = await browser.SignInAsync(supplier.Uid, supplier.Password);
        Assert.Equal(HttpStatusCode.OK, right.Status);
        Assert.Contains("Connexion à cet identifiant suspendue depuis votre adresse jusqu'au", right.TextOf("[data-testid=signin-error]"));
    }

    [Fact]
    public async Task AStrangersFailures_NeitherCutOffTheApiToken_NorLockTheOwnerOut()
    {
        var supplier = _app.Demo.Suppliers[1];
        using var stranger = FromAddress("203.0.113.7");
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            await stranger.SignInAsync(supplier.Uid, "mauvais-mot-de-passe-" + attempt);
        }

        Assert.Contains("suspendue depuis votre adresse", (await stranger.SignInAsync(supplier.Uid, supplier.Password)).TextOf("[data-testid=signin-error]"));

        using var api = _app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", supplier.ApiToken);
        using var requests = await api.GetAsync("/api/v1/requests");
        Assert.Equal(HttpStatusCode.OK, requests.StatusCode);

        using var owner = FromAddress("198.51.100.2");
        var signedIn = await owner.SignInAsync(supplier.Uid, supplier.Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.Equal("/accueil", signedIn.RedirectPath);
    }

    /// <summary>A browser whose requests reach the Host from this address.</summary>
    private PageClient FromAddress(string address)
    {
        var handler = new Microsoft.AspNetCore.Mvc.Testing.Handlers.CookieContainerHandler
        {
            InnerHandler = _app.Server.CreateHandler(context => context.Connection.RemoteIpAddress = IPAddress.Parse(address)),
        };
        return new PageClient(new HttpClient(handler) { BaseAddress = _app.Server.BaseAddress });
    }

    [Fact]
    public async Task SigningOut_EndsTheSession_AndNeedsTheFormsAntiforgeryToken()
    {
        var supplier = _app.Demo.Suppliers[0];
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        var home = await browser.GetAsync("/accueil");

        using var forged = await browser.Http.PostAsync("/deconnexion", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/accueil")).Status);

        var signedOut = await browser.SubmitFormAsync(home, "form[action='/deconnexion']");
        Assert.Equal(HttpStatusCode.Redirect, signedOut.Status);
        Assert.Equal("/?deconnexion=1", signedOut.RedirectPath);
        Assert.Contains("Vous êtes déconnecté", (await browser.GetAsync("/?deconnexion=1")).Text);
        var after = await browser.GetAsync("/accueil");
        Assert.Equal(HttpStatusCode.Redirect, after.Status);
        Assert.StartsWith("/connexion", after.RedirectPath);
    }

    [Fact]
    public async Task AProtectedPage_SendsToSignIn_ThenBackToIt_ButNeverToAnotherSite()
    {
        var supplier = _app.Demo.Suppliers[0];
        using var browser = _app.Pages();

        var protectedPage = await browser.GetAsync("/demandes");
        Assert.Equal(HttpStatusCode.Redirect, protectedPage.Status);
        Assert.Equal("/connexion?retour=%2Fdemandes", protectedPage.RedirectPath);

        var back = await browser.SignInAsync(supplier.Uid, supplier.Password, "/connexion?retour=%2Fdemandes");
        Assert.Equal("/demandes", back.RedirectPath);

        using var other = _app.Pages();
        var elsewhere = await other.SignInAsync(supplier.Uid, supplier.Password, "/connexion?retour=https%3A%2F%2Fpirate.example%2F");
        Assert.Equal("/accueil", elsewhere.RedirectPath);
    }

    [Fact]
    public async Task Staff_GetTheirOwnMenus_AndAreKeptOutOfSupplierPages()
    {
        var staff = _app.Demo.Staff[0];
        using var browser = _app.Pages();
        await browser.SignInAsync(staff.Uid, staff.Password);

        var home = await browser.GetAsync("/accueil");
        var menu = home.Document.QuerySelectorAll("nav[aria-label='Menu principal'] a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(["Accueil", "Corbeille de tâches", "Demandes", "Enrôlements", "Décisions", "Paiements", "Actualités", "Incidents", "Mon compte", "Aide"], menu);
        Assert.Contains("Gestionnaire ASP", home.TextOf("[data-testid=profile]"));

        var supplierPage = await browser.GetAsync("/imports");
        Assert.Equal(HttpStatusCode.Redirect, supplierPage.Status);
        Assert.StartsWith("/acces-refuse", supplierPage.RedirectPath);
    }

    private static DateTime LockedUntil(string message)
    {
        var match = LockedUntilPattern().Match(message);
        Assert.True(match.Success, message);
        return DateTime.ParseExact(match.Groups[1].Value + " " + match.Groups[2].Value, "dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"jusqu'au (\d{2}/\d{2}/\d{4}) à (\d{2}:\d{2})")]
    private static partial Regex LockedUntilPattern();
}

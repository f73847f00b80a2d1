using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Components.Pages.Account;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Pages.Account;

public sealed class AccountPageTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task MyAccount_ShowsTheTokenSectionAndTheValidatedEnrolmentsContacts()
    {
        var supplier = _app.Demo.Suppliers[0];
        using var pages = _app.Pages();
        await pages.SignInAsync(supplier.Uid, supplier.Password);

        var page = await pages.GetAsync("/compte");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Jeton d'API", page.Text);
        Assert.Contains("Un jeton est actif.", page.Text);
        Assert.Contains(supplier.NumeroAns, page.Text);
        Assert.Contains("Changer le mot de passe", page.Text);
    }

    [Fact]
    public async Task ANewToken_ReplacesThePreviousOne()
    {
        var supplier = _app.Demo.Suppliers[0];
        await using var scope = _app.Services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<AccountSettings>();

        var token = await settings.RenewApiTokenAsync(supplier.Uid);

        Assert.Equal(HttpStatusCode.OK, (await Me(token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Me(supplier.ApiToken)).StatusCode);
    }

    [Fact]
    public async Task ChangingThePassword_NeedsTheCurrentOne()
    {
        var supplier = _app.Demo.Suppliers[1];
        await using var scope = _app.Services.CreateAsyncScope();
        var settings = scope.ServiceProvider.GetRequiredService<AccountSettings>();

        Assert.NotEmpty(await settings.ChangePasswordAsync(supplier.Uid, "pas-le-bon", "Nouveau-Mot-2026!"));
        Assert.Empty(await settings.ChangePasswordAsync(supplier.Uid, supplier.Password, "Nouveau-Mot-2026!"));

        using var pages = _app.Pages();
        var signedIn = await pages.SignInAsync(supplier.Uid, "Nouveau-Mot-2026!");
        Assert.Equal("/accueil", signedIn.RedirectPath);
    }

    private async Task<HttpResponseMessage> Me(string token)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/moi");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}

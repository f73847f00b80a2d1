using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests.Identity;

/// <summary>The "ApiToken" bearer scheme of the supplier API, through GET /api/v1/moi.</summary>
public sealed class ApiTokenTests : IAsyncLifetime
{
    private SegurApp _app = default!;

    public Task InitializeAsync()
    {
        _app = SegurApp.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheDemoSuppliersToken_IdentifiesItsAccountAndCompany()
    {
        var supplier = _app.Demo.Suppliers[1];
        using var client = _app.CreateClient();

        using var response = await client.SendAsync(Me(supplier.ApiToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        await using var db = _app.Services.GetRequiredService<SegurDatabase>().CreateContext();
        var company = await db.Suppliers.AsNoTracking().SingleAsync(s => s.Siret == supplier.Siret);
        Assert.Equal(supplier.Uid, me.RootElement.GetProperty("uid").GetString());
        Assert.Equal(company.Id, me.RootElement.GetProperty("supplierId").GetGuid());
        Assert.Equal(supplier.Denomination, me.RootElement.GetProperty("denomination").GetString());
        Assert.Equal(["Fournisseur"], me.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Theory]
    [InlineData("sgr_0000000000000000000000000000000000000000000000000", "Jeton d'API invalide ou révoqué.")]
    [InlineData(null, "Jeton d'API manquant")]
    public async Task AWrongOrMissingToken_Is401_WithAFrenchProblemDetails(string? token, string detail)
    {
        using var client = _app.CreateClient();

        using var response = await client.SendAsync(Me(token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("Authentification requise", problem.GetProperty("title").GetString());
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AStaffToken_Is403_TheSupplierApiIsForSuppliers()
    {
        using var client = _app.CreateClient();

        using var response = await client.SendAsync(Me(_app.Demo.Staff[0].ApiToken));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Accès refusé", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task TheSignInCookie_OpensNoApiCall_AndIsAnsweredWith401NotARedirect()
    {
        var supplier = _app.Demo.Suppliers[0];
        using var browser = _app.Pages();
        await browser.SignInAsync(supplier.Uid, supplier.Password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/accueil")).Status);

        using var response = await browser.Http.GetAsync("/api/v1/moi");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/api/v1/un-jour", 401, 403)]
    [InlineData("/accueil", 302, 302)]
    public async Task TheSignInCookieScheme_RedirectsPagesToSignIn_ButAnswersApiPathsWithAStatus(string path, int challenge, int forbid)
    {
        var challenged = await RunAsync(path, c => c.ChallengeAsync(IdentityConstants.ApplicationScheme));
        var forbidden = await RunAsync(path, c => c.ForbidAsync(IdentityConstants.ApplicationScheme));

        Assert.Equal(challenge, challenged.Response.StatusCode);
        Assert.Equal(forbid, forbidden.Response.StatusCode);
        if (challenge == 302)
        {
            Assert.StartsWith("/connexion?retour=", new Uri(challenged.Response.Headers.Location.ToString()).PathAndQuery);
            Assert.StartsWith("/acces-refuse", new Uri(forbidden.Response.Headers.Location.ToString()).PathAndQuery);
        }
        else
        {
            Assert.Empty(challenged.Response.Headers.Location.ToString());
            Assert.Equal("application/problem+json", challenged.Response.ContentType);
        }
    }

    // One request, in its own scope (authentication handlers are cached per scope).
    private async Task<HttpContext> RunAsync(string path, Func<HttpContext, Task> act)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("localhost");
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        await act(context);
        return context;
    }

    private static HttpRequestMessage Me(string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/moi");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }
}

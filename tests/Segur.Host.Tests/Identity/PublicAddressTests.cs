using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Identity;

/// <summary>E-mailed links come from configuration, never from the request's Host header (issue 7, point 7).</summary>
public sealed class PublicAddressTests
{
    [Fact]
    public async Task AForgedHostHeader_IsRefused_AndNoEmailCarriesIt()
    {
        await using var app = SegurApp.Start();
        using var forged = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        forged.DefaultRequestHeaders.Host = "evil.example";

        var page = await forged.GetAsync("/mot-de-passe-oublie");
        var posted = await forged.PostAsync("/mot-de-passe-oublie", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "mot-de-passe-oublie", ["Input.Uid"] = app.Demo.Suppliers[0].Uid,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);

        // A genuine request afterwards: its e-mail is the first, so the forged one was never sent.
        using var browser = app.Pages();
        var form = await browser.GetAsync("/mot-de-passe-oublie");
        await browser.SubmitAsync(form, "mot-de-passe-oublie", new Dictionary<string, string> { ["Input.Uid"] = app.Demo.Suppliers[0].Uid });
        var mail = await app.Mailbox.WaitForAsync("contact@cabinet-logiciels.example", "réinitialisation");
        Assert.Contains(SegurApp.PublicUrl + "mot-de-passe/reinitialiser?uid=", mail.TextBody);
        Assert.DoesNotContain(app.Mailbox.All(), m => (m.TextBody ?? "").Contains("evil.example", StringComparison.Ordinal));
        Assert.Single(app.Mailbox.All(), m => (m.Subject ?? "").Contains("réinitialisation", StringComparison.Ordinal));
    }

    [Fact]
    public void AHostListeningEverywhere_WithoutAPublicAddress_RefusesToStart_SayingWhatToSet()
    {
        var data = Directory.CreateTempSubdirectory("segur-host-").FullName;
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Segur:DataDirectory", data);
            builder.UseSetting("urls", "http://0.0.0.0:8080");
        });

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Segur:PublicUrl n'est pas défini", failure.ToString());
    }
}

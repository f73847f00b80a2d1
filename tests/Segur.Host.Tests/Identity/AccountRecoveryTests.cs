using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Identity;

/// <summary>"Identifiant oublié" and "Mot de passe oublié": real e-mails through the outbox to the pickup folder.</summary>
public sealed partial class AccountRecoveryTests
{
    private const string SupplierEmail = "contact@cabinet-logiciels.example";

    [Fact]
    public async Task AForgottenUid_IsEmailedToTheAddress_AndTheScreenNeverSaysWhetherTheAddressExists()
    {
        await using var app = SegurApp.Start();
        var supplier = app.Demo.Suppliers[0];
        using var browser = app.Pages();

        var unknown = await SubmitForgottenUidAsync(browser, "personne@inconnu.example");
        var known = await SubmitForgottenUidAsync(browser, SupplierEmail.ToUpperInvariant());

        Assert.Equal(unknown.TextOf("[data-testid=neutral-answer]"), known.TextOf("[data-testid=neutral-answer]"));
        var mail = await app.Mailbox.WaitForAsync(SupplierEmail, "rappel de votre identifiant");
        Assert.Contains(supplier.Uid, mail.TextBody);
        Assert.DoesNotContain(app.Demo.Suppliers[1].Uid, mail.TextBody);
        // The unknown address was submitted first: had it been sent, it would be there by now.
        Assert.DoesNotContain(app.Mailbox.All(), m => m.To.ToString().Contains("inconnu", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AForgottenPassword_SendsAOneTimeLink_ThatSetsANewPassword()
    {
        await using var app = SegurApp.Start();
        var supplier = app.Demo.Suppliers[0];
        using var browser = app.Pages();

        var unknown = await SubmitForgottenPasswordAsync(browser, "FRN999999");
        var known = await SubmitForgottenPasswordAsync(browser, supplier.Uid);
        Assert.Equal(unknown.TextOf("[data-testid=neutral-answer]"), known.TextOf("[data-testid=neutral-answer]"));

        var mail = await app.Mailbox.WaitForAsync(SupplierEmail, "réinitialisation de votre mot de passe");
        Assert.Contains("valable 1 heure", mail.TextBody);
        var link = ResetLink(mail);

        const string newPassword = "Nouveau-Mot-de-passe-2026";
        var form = await browser.GetAsync(link);
        Assert.Contains(supplier.Uid, form.Text);
        var done = await browser.SubmitAsync(form, "nouveau-mot-de-passe", Passwords(newPassword));
        Assert.Contains("Votre mot de passe a été modifié", done.TextOf("[data-testid=reset-done]"));

        using (var signIn = app.Pages())
        {
            Assert.Contains("Identifiant ou mot de passe incorrect", (await signIn.SignInAsync(supplier.Uid, supplier.Password)).Text);
            Assert.Equal("/accueil", (await signIn.SignInAsync(supplier.Uid, newPassword)).RedirectPath);
        }

        var reused = await browser.GetAsync(link);
        Assert.Contains("déjà été utilisé", reused.TextOf("[data-testid=reset-error]"));
        Assert.Null(reused.Find("input[type=password]"));
    }

    [Fact]
    public async Task APasswordThatBreaksTheRules_IsRefusedInFrench_AndTheLinkStaysUsable()
    {
        await using var app = SegurApp.Start();
        var supplier = app.Demo.Suppliers[1];
        using var browser = app.Pages();
        await SubmitForgottenPasswordAsync(browser, supplier.Uid);
        var link = ResetLink(await app.Mailbox.WaitForAsync("contact@hopital-numerique.example", "réinitialisation"));

        var weak = await browser.SubmitAsync(await browser.GetAsync(link), "nouveau-mot-de-passe", Passwords("toutenminuscules"));
        var errors = weak.TextOf("[data-testid=reset-error]");
        Assert.Contains("au moins un chiffre", errors);
        Assert.Contains("au moins une lettre majuscule", errors);

        var mismatch = await browser.SubmitAsync(await browser.GetAsync(link), "nouveau-mot-de-passe",
            new Dictionary<string, string> { ["Input.Password"] = "Bon-Mot-de-passe-1", ["Input.Confirmation"] = "Autre-Mot-de-passe-1" });
        Assert.Contains("Les deux mots de passe ne sont pas identiques", mismatch.Text);

        var done = await browser.SubmitAsync(await browser.GetAsync(link), "nouveau-mot-de-passe", Passwords("Bon-Mot-de-passe-1"));
        Assert.NotNull(done.Find("[data-testid=reset-done]"));
    }

    [Fact]
    public async Task AResetLink_ExpiresAfterOneHour_WithAClearMessage()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = SegurApp.Start(clock);
        var supplier = app.Demo.Suppliers[0];
        using var browser = app.Pages();
        await SubmitForgottenPasswordAsync(browser, supplier.Uid);
        var link = ResetLink(await app.Mailbox.WaitForAsync(SupplierEmail, "réinitialisation"));

        clock.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull((await browser.GetAsync(link)).Find("input[type=password]"));

        clock.Advance(TimeSpan.FromMinutes(2));
        var expired = await browser.GetAsync(link);
        Assert.Contains("Ce lien de réinitialisation a expiré", expired.TextOf("[data-testid=reset-error]"));
        Assert.Null(expired.Find("input[type=password]"));

        // Submitting the form of a page opened in time does not help either.
        var late = await browser.SubmitAsync(await GetFormBeforeExpiryAsync(browser, app, clock), "nouveau-mot-de-passe", Passwords("Nouveau-Mot-de-passe-2026"));
        Assert.Contains("a expiré", late.TextOf("[data-testid=reset-error]"));
        using var signIn = app.Pages();
        Assert.Equal("/accueil", (await signIn.SignInAsync(supplier.Uid, supplier.Password)).RedirectPath);
    }

    [Fact]
    public async Task AnAlteredOrForeignResetLink_IsRefused()
    {
        await using var app = SegurApp.Start();
        var first = app.Demo.Suppliers[0];
        var second = app.Demo.Suppliers[1];
        using var browser = app.Pages();
        await SubmitForgottenPasswordAsync(browser, first.Uid);
        var link = ResetLink(await app.Mailbox.WaitForAsync(SupplierEmail, "réinitialisation"));

        var altered = await browser.GetAsync(link[..^6] + (link[^6..].Contains('A') ? "BBBBBB" : "AAAAAA"));
        Assert.Contains("n'est pas valable", altered.TextOf("[data-testid=reset-error]"));

        var foreign = await browser.GetAsync(link.Replace("uid=" + first.Uid, "uid=" + second.Uid, StringComparison.Ordinal));
        Assert.Contains("n'est pas valable", foreign.TextOf("[data-testid=reset-error]"));

        var truncated = await browser.GetAsync("/mot-de-passe/reinitialiser?uid=" + first.Uid);
        Assert.Contains("n'est pas valable", truncated.TextOf("[data-testid=reset-error]"));
    }

    [Fact]
    public async Task TheForgottenForms_RefuseAFloodFromOneAddress_ButStillShowTheirPage()
    {
        await using var app = SegurApp.Start();
        using var browser = app.Pages();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await SubmitForgottenUidAsync(browser, $"inconnu{i}@inconnu.example")).Status);
        }

        var flooded = await SubmitForgottenUidAsync(browser, "encore@inconnu.example");

        Assert.Equal(HttpStatusCode.TooManyRequests, flooded.Status);
        Assert.Contains("Trop de tentatives", flooded.Html);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/identifiant-oublie")).Status);
    }

    private static async Task<Page> SubmitForgottenUidAsync(PageClient browser, string email)
    {
        var page = await browser.GetAsync("/identifiant-oublie");
        return await browser.SubmitAsync(page, "identifiant-oublie", new Dictionary<string, string> { ["Input.Email"] = email });
    }

    private static async Task<Page> SubmitForgottenPasswordAsync(PageClient browser, string uid)
    {
        var page = await browser.GetAsync("/mot-de-passe-oublie");
        return await browser.SubmitAsync(page, "mot-de-passe-oublie", new Dictionary<string, string> { ["Input.Uid"] = uid });
    }

    // A second link, opened while valid, then submitted after the hour.
    private static async Task<Page> GetFormBeforeExpiryAsync(PageClient browser, SegurApp app, FakeTimeProvider clock)
    {
        var before = app.Mailbox.All().Count;
        await SubmitForgottenPasswordAsync(browser, app.Demo.Suppliers[0].Uid);
        while (app.Mailbox.All().Count == before)
        {
            await Task.Delay(100);
        }

        var link = ResetLink(app.Mailbox.All().Last(m => (m.Subject ?? "").Contains("réinitialisation", StringComparison.Ordinal)));
        var form = await browser.GetAsync(link);
        Assert.NotNull(form.Find("input[type=password]"));
        clock.Advance(TimeSpan.FromMinutes(61));
        return form;
    }

    private static Dictionary<string, string> Passwords(string password) =>
        new() { ["Input.Password"] = password, ["Input.Confirmation"] = password };

    private static string ResetLink(MimeMessage mail)
    {
        var body = mail.TextBody ?? "";
        var match = ResetLinkPattern().Match(body);
        Assert.True(match.Success, body);
        return new Uri(match.Value).PathAndQuery;
    }

    [GeneratedRegex(@"https?://\S+/mot-de-passe/reinitialiser\?uid=[A-Z0-9]+&code=[A-Za-z0-9_-]+")]
    private static partial Regex ResetLinkPattern();
}

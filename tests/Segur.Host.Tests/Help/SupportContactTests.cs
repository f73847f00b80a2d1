using Microsoft.Extensions.DependencyInjection;
using Segur.Host.Help;
using Segur.Host.Tests.TestSupport;

namespace Segur.Host.Tests.Help;

/// <summary>The contact service in the running Host: numbered references, the per-client allowance, the robots' trap.</summary>
public sealed class SupportContactTests
{
    private static readonly ContactMessage s_message = new("Paul Martin", "paul.martin@editeur.example", null, null, "Autre", null,
        "Une question sur le calendrier de la vague 2 du programme.");

    [Fact]
    public async Task AClient_SendsFiveMessages_WithFollowingReferences_ThenIsAskedToWait_AndNothingMoreIsSent()
    {
        await using var app = SegurApp.Start();
        var captcha = app.Services.GetRequiredService<ContactCaptcha>();

        var results = new List<ContactResult>();
        for (var i = 0; i < 6; i++)
        {
            results.Add(await SendAsync(app, s_message, captcha.Issue(CaptchaQuestions.Sum(1, 2)), "3", "adresse:192.0.2.10"));
        }

        var references = results.Take(5).Select(r => r.Reference!).ToList();
        Assert.All(results.Take(5), r => Assert.Equal(ContactStatus.Sent, r.Status));
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"{references[0][..8]}{n:000000}"), references);
        Assert.Equal(ContactStatus.TooMany, results[5].Status);
        Assert.Contains("patientez quelques minutes", results[5].Problems.Single());

        var other = await SendAsync(app, s_message, captcha.Issue(CaptchaQuestions.Sum(1, 2)), "trois", "adresse:192.0.2.11");
        Assert.Equal(ContactStatus.Sent, other.Status);

        await app.Mailbox.WaitForAsync(s_message.Email, $"votre message {other.Reference} a bien été reçu");
        await app.WaitForOutboxHandledAsync();
        Assert.Equal(6, app.Mailbox.All().Count(m => m.To.Mailboxes.Any(a => a.Address == s_message.Email)));
        Assert.Equal(6, app.Mailbox.All().Count(m => m.To.Mailboxes.Any(a => a.Address == SupportContact.DefaultSupportEmail)));
    }

    [Fact]
    public async Task AFilledTrapField_OrAnInvalidMessage_SendsNothing_AndLeavesTheQuestionUnspent()
    {
        await using var app = SegurApp.Start();
        var captcha = app.Services.GetRequiredService<ContactCaptcha>();
        var challenge = captcha.Issue(CaptchaQuestions.Sum(4, 4));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var support = scope.ServiceProvider.GetRequiredService<SupportContact>();
            var trapped = await support.SendAsync(s_message, "https://spam.example", challenge.Token, "8", "adresse:192.0.2.20", null);
            Assert.Equal((ContactStatus.Invalid, SupportContact.HoneypotMessage), (trapped.Status, trapped.Problems.Single()));

            var invalid = await support.SendAsync(s_message with { Email = "a@b.example, c@d.example" }, null, challenge.Token, "8", "adresse:192.0.2.20", null);
            Assert.Equal(ContactStatus.Invalid, invalid.Status);
        }

        Assert.Equal(CaptchaVerdict.Accepted, captcha.Check(challenge.Token, "huit"));
        await app.WaitForOutboxHandledAsync();
        Assert.DoesNotContain(app.Mailbox.All(), m => m.To.Mailboxes.Any(a => a.Address is "paul.martin@editeur.example" or SupportContact.DefaultSupportEmail));
    }

    private static async Task<ContactResult> SendAsync(SegurApp app, ContactMessage message, CaptchaChallenge challenge, string answer, string client)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SupportContact>().SendAsync(message, null, challenge.Token, answer, client, null);
    }
}

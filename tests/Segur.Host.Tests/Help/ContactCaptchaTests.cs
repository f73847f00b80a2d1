using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Time.Testing;
using Segur.Host.Help;

namespace Segur.Host.Tests.Help;

/// <summary>The contact form's captcha: a question answered once, before it expires, with a token nobody can forge.</summary>
public sealed class ContactCaptchaTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());
    private readonly EphemeralDataProtectionProvider _keys = new();

    public void Dispose() => _cache.Dispose();

    private ContactCaptcha Captcha() => new(_keys, _cache, _clock);

    [Theory]
    [InlineData("11")]
    [InlineData("onze")]
    [InlineData("  Onze. ")]
    [InlineData("011")]
    public void TheRightAnswer_IsAccepted_InDigitsOrInWords(string answer)
    {
        var challenge = Captcha().Issue(CaptchaQuestions.Sum(7, 4));

        Assert.Equal("Combien font sept plus quatre ?", challenge.Question);
        Assert.Equal(CaptchaVerdict.Accepted, Captcha().Check(challenge.Token, answer));
    }

    [Fact]
    public void AWordOfTheSentence_IsAccepted_WithOrWithoutItsAccents()
    {
        var question = CaptchaQuestions.WordOf(3, 5);
        Assert.Equal("Quel est le sixième mot de la phrase « Le solde suit toujours une avance décidée » ?", question.Text);

        Assert.Equal(CaptchaVerdict.Accepted, Captcha().Check(Captcha().Issue(question).Token, "avance"));
        var accented = CaptchaQuestions.WordOf(1, 1);
        Assert.Equal("Quel est le deuxième mot de la phrase « Les éditeurs déposent leurs demandes en ligne » ?", accented.Text);
        Assert.Equal(CaptchaVerdict.Accepted, Captcha().Check(Captcha().Issue(accented).Token, "EDITEURS"));
        Assert.Equal(CaptchaVerdict.Accepted, Captcha().Check(Captcha().Issue(accented).Token, "éditeurs"));
    }

    [Theory]
    [InlineData("12")]
    [InlineData("douze")]
    [InlineData("")]
    [InlineData(null)]
    public void AWrongAnswer_IsRefused(string? answer)
    {
        var challenge = Captcha().Issue(CaptchaQuestions.Sum(7, 4));

        Assert.Equal(CaptchaVerdict.Wrong, Captcha().Check(challenge.Token, answer));
    }

    [Fact]
    public void AnExpiredToken_IsRefused_EvenWithTheRightAnswer()
    {
        var challenge = Captcha().Issue(CaptchaQuestions.Difference(15, 6));

        _clock.Advance(ContactCaptcha.Lifetime + TimeSpan.FromSeconds(1));

        Assert.Equal(CaptchaVerdict.Expired, Captcha().Check(challenge.Token, "9"));
    }

    [Fact]
    public void ATokenStillValidAfterNineteenMinutes_IsAccepted()
    {
        var challenge = Captcha().Issue(CaptchaQuestions.Difference(15, 6));

        _clock.Advance(TimeSpan.FromMinutes(19));

        Assert.Equal(CaptchaVerdict.Accepted, Captcha().Check(challenge.Token, "neuf"));
    }

    [Fact]
    public void AToken_CanBeUsedOnce_RightOrWrong()
    {
        var solved = Captcha().Issue(CaptchaQuestions.Sum(2, 3));
        Assert.Equal(CaptchaVerdict.Accepted, Captcha().Check(solved.Token, "5"));
        Assert.Equal(CaptchaVerdict.AlreadyUsed, Captcha().Check(solved.Token, "5"));

        // A wrong guess spends the question too: guessing again on the same token is useless.
        var guessed = Captcha().Issue(CaptchaQuestions.Sum(2, 3));
        Assert.Equal(CaptchaVerdict.Wrong, Captcha().Check(guessed.Token, "4"));
        Assert.Equal(CaptchaVerdict.AlreadyUsed, Captcha().Check(guessed.Token, "5"));
    }

    [Fact]
    public void ATamperedOrForeignToken_IsRefused()
    {
        var challenge = Captcha().Issue(CaptchaQuestions.Sum(2, 3));
        var middle = challenge.Token.Length / 2;
        var tampered = challenge.Token[..middle] + (challenge.Token[middle] == 'A' ? 'B' : 'A') + challenge.Token[(middle + 1)..];
        var otherServer = new ContactCaptcha(new EphemeralDataProtectionProvider(), _cache, _clock).Issue(CaptchaQuestions.Sum(2, 3));

        Assert.Equal(CaptchaVerdict.Invalid, Captcha().Check(tampered, "5"));
        Assert.Equal(CaptchaVerdict.Invalid, Captcha().Check(otherServer.Token, "5"));
        Assert.Equal(CaptchaVerdict.Invalid, Captcha().Check("pas-un-jeton", "5"));
        Assert.Equal(CaptchaVerdict.Invalid, Captcha().Check("", "5"));
        Assert.Equal(CaptchaVerdict.Invalid, Captcha().Check(null, "5"));
        // The untouched token was never spent by the forgeries.
        Assert.Equal(CaptchaVerdict.Accepted, Captcha().Check(challenge.Token, "5"));
    }

    [Fact]
    public void EveryGeneratedQuestion_IsAnsweredByItsOwnAnswer_AndNotByAnother()
    {
        for (var i = 0; i < 200; i++)
        {
            var question = CaptchaQuestions.Next();
            Assert.EndsWith(" ?", question.Text);
            Assert.Equal(CaptchaVerdict.Accepted, Captcha().Check(Captcha().Issue(question).Token, question.Answer));
            Assert.Equal(CaptchaVerdict.Wrong, Captcha().Check(Captcha().Issue(question).Token, question.Answer + "x"));
        }
    }
}

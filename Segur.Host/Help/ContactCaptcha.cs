using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Caching.Memory;

namespace Segur.Host.Help;

/// <summary>A question shown to the visitor, and the token that carries its answer (hashed, encrypted, signed) back to the server.</summary>
public sealed record CaptchaChallenge(string Question, string Hint, string Token);

public enum CaptchaVerdict
{
    Accepted,
    Wrong,
    Expired,
    AlreadyUsed,
    Invalid,
}

/// <summary>
/// The contact form's captcha: a French question answered in plain text, so that it needs no image, no sound, no script
/// and no outside service (RGAA). The expected answer travels in a Data Protection token with its expiry and a nonce; the
/// server keeps no state until an answer arrives, then remembers the nonce until the token expires so that a solved
/// question cannot be replayed. Any answer, right or wrong, uses the token up: a wrong answer gets a new question.
/// </summary>
public sealed class ContactCaptcha(IDataProtectionProvider dataProtection, IMemoryCache usedNonces, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(20);

    private const byte FormatVersion = 1;
    private const int NonceBytes = 16;
    private const int HashBytes = 32;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Segur.Host.Help.ContactCaptcha.v1");
    private readonly Lock _nonceGate = new();

    /// <summary>A new random question and its token.</summary>
    public CaptchaChallenge Create() => Issue(CaptchaQuestions.Next());

    /// <summary>The token for a given question (tests choose the question; the page lets <see cref="Create"/> pick one).</summary>
    public CaptchaChallenge Issue(CaptchaQuestion question)
    {
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var expiresAt = clock.GetUtcNow() + Lifetime;
        var payload = new byte[1 + NonceBytes + sizeof(long) + HashBytes];
        payload[0] = FormatVersion;
        nonce.CopyTo(payload, 1);
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1 + NonceBytes), expiresAt.ToUnixTimeMilliseconds());
        Hash(nonce, question.Answer).CopyTo(payload, 1 + NonceBytes + sizeof(long));
        return new CaptchaChallenge(question.Text, question.Hint, WebEncoders.Base64UrlEncode(_protector.Protect(payload)));
    }

    /// <summary>Checks <paramref name="answer"/> against the token; a readable, unexpired token can be checked once only.</summary>
    public CaptchaVerdict Check(string? token, string? answer)
    {
        if (!TryRead(token, out var nonce, out var expiresAt, out var expectedHash))
        {
            return CaptchaVerdict.Invalid;
        }

        var remaining = expiresAt - clock.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return CaptchaVerdict.Expired;
        }

        var key = "contact-captcha:" + Convert.ToHexString(nonce);
        lock (_nonceGate)
        {
            if (usedNonces.TryGetValue(key, out _))
            {
                return CaptchaVerdict.AlreadyUsed;
            }

            // Relative to our clock, not the cache's: the entry lives exactly as long as the token would.
            usedNonces.Set(key, true, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = remaining });
        }

        return CryptographicOperations.FixedTimeEquals(expectedHash, Hash(nonce, answer ?? ""))
            ? CaptchaVerdict.Accepted
            : CaptchaVerdict.Wrong;
    }

    /// <summary>What the visitor reads under the captcha field when the answer is refused.</summary>
    public static string Explain(CaptchaVerdict verdict) => verdict switch
    {
        CaptchaVerdict.Wrong => "La réponse à la question de vérification est inexacte. Répondez à la nouvelle question ci-dessous.",
        CaptchaVerdict.Expired => "La question de vérification a expiré (elle est valable 20 minutes). Répondez à la nouvelle question ci-dessous.",
        CaptchaVerdict.AlreadyUsed => "Cette question de vérification a déjà servi. Répondez à la nouvelle question ci-dessous.",
        CaptchaVerdict.Invalid => "La question de vérification n'a pas pu être vérifiée. Répondez à la nouvelle question ci-dessous.",
        _ => "",
    };

    private bool TryRead(string? token, out byte[] nonce, out DateTimeOffset expiresAt, out byte[] hash)
    {
        (nonce, expiresAt, hash) = ([], default, []);
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return false;
        }

        byte[] payload;
        try
        {
            payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }

        if (payload.Length != 1 + NonceBytes + sizeof(long) + HashBytes || payload[0] != FormatVersion)
        {
            return false;
        }

        nonce = payload[1..(1 + NonceBytes)];
        expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(1 + NonceBytes)));
        hash = payload[(1 + NonceBytes + sizeof(long))..];
        return true;
    }

    private static byte[] Hash(byte[] nonce, string answer) =>
        SHA256.HashData([.. nonce, .. Encoding.UTF8.GetBytes(CaptchaQuestions.Normalize(answer))]);
}

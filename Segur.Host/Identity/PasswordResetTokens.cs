using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Segur.Workflows.Accounts;

namespace Segur.Host.Identity;

/// <summary>What a password-reset link is worth now.</summary>
public enum ResetTokenState
{
    Valid,

    /// <summary>Older than <see cref="DataProtectionTokenProviderOptions.TokenLifespan"/> (1 hour).</summary>
    Expired,

    /// <summary>The password changed since the link was made: the link was already used (or superseded).</summary>
    AlreadyUsed,

    /// <summary>Not a link we made for this account (truncated, altered, another account's).</summary>
    Invalid,
}

/// <summary>
/// Password-reset tokens: the same protected payload as Identity's DataProtectorTokenProvider (creation time, user id,
/// purpose, security stamp), with two differences that matter to users and tests: the clock is the application's
/// <see cref="TimeProvider"/>, and <see cref="InspectAsync"/> says why a token is refused (expired, already used,
/// invalid), so the page can say it in French. Lifespan: <see cref="DataProtectionTokenProviderOptions.TokenLifespan"/>.
/// </summary>
internal sealed class PasswordResetTokens(
    IDataProtectionProvider protection,
    IOptions<DataProtectionTokenProviderOptions> options,
    TimeProvider clock)
    : IUserTwoFactorTokenProvider<UserAccount>
{
    public const string ProviderName = "SegurPasswordReset";

    private readonly IDataProtector _protector = protection.CreateProtector("Segur.Identity.PasswordReset");

    public TimeSpan Lifespan => options.Value.TokenLifespan;

    public async Task<string> GenerateAsync(string purpose, UserManager<UserAccount> manager, UserAccount user)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(clock.GetUtcNow().UtcTicks);
            writer.Write(user.Id);
            writer.Write(purpose);
            writer.Write(await manager.GetSecurityStampAsync(user) ?? "");
        }

        return WebEncoders.Base64UrlEncode(_protector.Protect(buffer.ToArray()));
    }

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<UserAccount> manager, UserAccount user) =>
        await InspectAsync(purpose, token, manager, user) == ResetTokenState.Valid;

    public async Task<ResetTokenState> InspectAsync(string purpose, string token, UserManager<UserAccount> manager, UserAccount user)
    {
        long createdTicks;
        string userId, tokenPurpose, stamp;
        try
        {
            var payload = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            using var reader = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
            createdTicks = reader.ReadInt64();
            userId = reader.ReadString();
            tokenPurpose = reader.ReadString();
            stamp = reader.ReadString();
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException or EndOfStreamException or IOException)
        {
            return ResetTokenState.Invalid;
        }

        if (userId != user.Id || tokenPurpose != purpose)
        {
            return ResetTokenState.Invalid;
        }

        if (new DateTimeOffset(createdTicks, TimeSpan.Zero) + Lifespan < clock.GetUtcNow())
        {
            return ResetTokenState.Expired;
        }

        var currentStamp = await manager.GetSecurityStampAsync(user) ?? "";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(stamp), Encoding.UTF8.GetBytes(currentStamp))
            ? ResetTokenState.Valid
            : ResetTokenState.AlreadyUsed;
    }

    public Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<UserAccount> manager, UserAccount user) => Task.FromResult(false);
}

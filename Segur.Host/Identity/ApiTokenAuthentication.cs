using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Segur.Workflows.Accounts;

namespace Segur.Host.Identity;

public static class ApiTokenAuthentication
{
    /// <summary>The name of the personal API token scheme.</summary>
    public const string Scheme = "ApiToken";
}

/// <summary>
/// The "ApiToken" scheme: <c>Authorization: Bearer &lt;personal API token&gt;</c>. The token is hashed (SHA-256,
/// <see cref="ApiTokens.Hash"/>) and looked up by <see cref="UserAccount.ApiTokenHash"/> (indexed); the principal
/// carries the same claims as a cookie sign-in. Missing or invalid token: 401 ProblemDetails in French.
/// </summary>
internal sealed class ApiTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    UserManager<UserAccount> users,
    IUserClaimsPrincipalFactory<UserAccount> claims)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";

    // Tokens are "sgr_" + 48 hex characters; anything much longer is not worth hashing.
    private const int MaxTokenLength = 200;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[BearerPrefix.Length..].Trim();
        if (token.Length is 0 or > MaxTokenLength)
        {
            return AuthenticateResult.Fail("Jeton d'API invalide.");
        }

        var hash = ApiTokens.Hash(token);
        var user = await users.Users.FirstOrDefaultAsync(u => u.ApiTokenHash == hash, Context.RequestAborted);
        if (user is null)
        {
            return AuthenticateResult.Fail("Jeton d'API invalide ou révoqué.");
        }

        // No lockout check: failed password sign-ins (anyone can make them) never cut off the owner's integration (0096).
        var principal = await claims.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, ApiTokenAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiTokenAuthentication.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.UnauthorizedAsync(Context, result.Failure?.Message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => ApiProblems.ForbiddenAsync(Context);
}

using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Segur.Host.Identity;

/// <summary>
/// Per-address limits on the forms that anyone can post: the lockout protects one account, not all of them
/// (password spraying), and the "forgotten" forms would otherwise let anyone flood a mailbox.
/// Only POSTs count; reading the pages is never limited.
/// </summary>
public static class AccountRateLimits
{
    /// <summary>Sign-in attempts: 30 a minute per address.</summary>
    public const string SignIn = "connexion";

    /// <summary>"Identifiant oublié" and "Mot de passe oublié": 10 per 10 minutes per address.</summary>
    public const string RecoveryMail = "rappel-par-email";

    public static IServiceCollection AddAccountRateLimits(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(SignIn, context => PostsOnly(context, SignIn, 30, TimeSpan.FromMinutes(1)));
        options.AddPolicy(RecoveryMail, context => PostsOnly(context, RecoveryMail, 10, TimeSpan.FromMinutes(10)));
        options.OnRejected = async (rejected, ct) =>
        {
            var response = rejected.HttpContext.Response;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(
                "Trop de tentatives ont été faites depuis votre connexion. Patientez quelques minutes avant de réessayer.", ct);
        };
    });

    private static RateLimitPartition<string> PostsOnly(HttpContext context, string policy, int permits, TimeSpan window)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("lecture");
        }

        var address = context.Connection.RemoteIpAddress?.ToString() ?? "inconnue";
        return RateLimitPartition.GetFixedWindowLimiter(
            policy + ":" + address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 });
    }
}

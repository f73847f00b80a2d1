using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Segur.Workflows.Accounts;
using Segur.Workflows.Persistence;

namespace Segur.Host.Identity;

/// <summary>
/// ASP.NET Core Identity with cookies for the pages (sign-in by UID), the "ApiToken" bearer scheme for the supplier
/// API, and the authorization policies. On /api/* neither scheme redirects: 401/403 ProblemDetails.
/// </summary>
public static class IdentitySetup
{
    public static IServiceCollection AddSegurIdentity(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAuthenticationState>();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenAuthentication.Scheme, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(ConfigureCookie);

        services.AddIdentityCore<UserAccount>(options =>
            {
                options.Password.RequiredLength = 12;
                // A backstop against guessing from many addresses; each address is paused after 5 failures on a UID
                // (SignInThrottle), so a stranger cannot lock the owner out (decision 0096). Only password sign-in reads it.
                options.Lockout.MaxFailedAccessAttempts = 50;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
                options.SignIn.RequireConfirmedAccount = false;
                options.Tokens.PasswordResetTokenProvider = PasswordResetTokens.ProviderName;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SegurDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<PasswordResetTokens>(PasswordResetTokens.ProviderName)
            .AddClaimsPrincipalFactory<SegurClaimsPrincipalFactory>()
            .AddErrorDescriber<FrenchIdentityErrors>();
        services.Configure<DataProtectionTokenProviderOptions>(options => options.TokenLifespan = TimeSpan.FromHours(1));

        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Fournisseur, policy => policy.RequireRole(Roles.Fournisseur))
            .AddPolicy(Policies.Gestionnaire, policy => policy.RequireRole(Roles.Gestionnaire))
            .AddPolicy(Policies.Analyste, policy => policy.RequireRole(Roles.Analyste))
            .AddPolicy(Policies.Administrateur, policy => policy.RequireRole(Roles.Administrateur))
            .AddPolicy(Policies.SupplierApi, policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.Fournisseur))
            .AddPolicy(Policies.ApiCaller, policy => policy
                .AddAuthenticationSchemes(ApiTokenAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .RequireRole(Roles.Fournisseur, Roles.Gestionnaire))
            .AddPolicy(Policies.FournisseurOuGestionnaire, policy => policy.RequireRole(Roles.Fournisseur, Roles.Gestionnaire));

        services.AddAccountRateLimits();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<AccountRecovery>();
        services.AddSingleton<RecoveryMails>();
        services.AddHostedService(sp => sp.GetRequiredService<RecoveryMails>());
        return services;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = "segur.session";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(2);
        options.SlidingExpiration = true;
        options.LoginPath = "/connexion";
        options.LogoutPath = SignOutEndpoint.Path;
        options.AccessDeniedPath = "/acces-refuse";
        options.ReturnUrlParameter = "retour";

        // AddIdentityCookies set OnValidatePrincipal (security stamp): keep its Events object, change only the redirects.
        var toLogin = options.Events.OnRedirectToLogin;
        var toAccessDenied = options.Events.OnRedirectToAccessDenied;
        options.Events.OnRedirectToLogin = context =>
            ApiProblems.IsApiRequest(context.Request) ? ApiProblems.UnauthorizedAsync(context.HttpContext, "Authentification requise.") : toLogin(context);
        options.Events.OnRedirectToAccessDenied = context =>
            ApiProblems.IsApiRequest(context.Request) ? ApiProblems.ForbiddenAsync(context.HttpContext) : toAccessDenied(context);
    }
}

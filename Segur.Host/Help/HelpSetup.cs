namespace Segur.Host.Help;

/// <summary>The Aide page's contact form: its captcha, its per-client allowance and the service that sends the message.</summary>
public static class HelpSetup
{
    public static IServiceCollection AddSegurHelp(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddSingleton<ContactCaptcha>();
        services.AddSingleton<ContactRateLimit>();
        services.AddScoped<SupportContact>();
        services.AddScoped<ContactVisitor>();
        return services;
    }
}

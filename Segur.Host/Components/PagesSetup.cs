using System.Reflection;
using MudBlazor;
using MudBlazor.Services;
using Segur.Host.Components.Pages.Home;

namespace Segur.Host.Components;

/// <summary>The Blazor Web App: interactive server pages with MudBlazor, the sign-in pages rendered on the server only.</summary>
public static class PagesSetup
{
    /// <summary>
    /// Razor class libraries whose pages the router serves besides the Host's own: the analysts' Studio (mounted at
    /// /studio). Loaded by name because the Studio has no type the Host uses.
    /// </summary>
    public static readonly Assembly[] AdditionalAssemblies = [Assembly.Load(new AssemblyName("Segur.Studio"))];

    public static IServiceCollection AddSegurPages(this IServiceCollection services)
    {
        // The Studio's JSON view sends a whole definition (tens of KB) in one input event: SignalR's 32 KB default would close the circuit.
        services.AddRazorComponents().AddInteractiveServerComponents().AddHubOptions(hub => hub.MaximumReceiveMessageSize = 1024 * 1024);
        services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            options.SnackbarConfiguration.PreventDuplicates = true;
            options.SnackbarConfiguration.ShowCloseIcon = true;
        });
        services.AddTransient<MudLocalizer, FrenchMudLocalizer>();
        services.AddSingleton<Layout.ThemeStylesheet>();
        services.AddScoped<HomeStatistics>();
        services.AddScoped<Pages.Account.AccountSettings>();
        services.AddSingleton<Pages.Enrolments.EnrolmentQueries>();
        return services;
    }

    public static WebApplication MapSegurPages(this WebApplication app)
    {
        Layout.ThemeStylesheet.Map(app);
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode()
            .AddAdditionalAssemblies(AdditionalAssemblies);
        return app;
    }
}

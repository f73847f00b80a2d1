using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Segur.Host.Demo;
using Segur.Host.Health;
using Segur.Workflows;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Host;

internal static class HostSetup
{
    public static void AddSegurHost(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddSegurWorkflows(builder.Configuration);
        var settings = SegurSettings.From(builder.Configuration);
        builder.Services.AddDataProtection()
            .SetApplicationName("segur")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.DataDirectory, "keys")));
        builder.Services.AddIdentityCore<UserAccount>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.User.RequireUniqueEmail = false;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<SegurDbContext>()
            .AddDefaultTokenProviders();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        builder.Services.AddScoped<DemoData>();
    }

    /// <summary>Migrates the database, brings in the release's definitions and, unless turned off, the demo accounts.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<SegurSettings>();
        Directory.CreateDirectory(settings.DataDirectory);
        await app.Services.GetRequiredService<SegurDatabase>().MigrateAsync();
        await app.Services.GetRequiredService<DefinitionSeeder>().SeedAsync(DefinitionsFolder());

        var demoEnabled = app.Configuration.GetValue("Segur:Demo:Enabled", settings.Provider == DatabaseProvider.Sqlite);
        if (demoEnabled)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoData>().EnsureAsync();
        }

        app.Logger.LogInformation("Données : {DataDirectory} ({Provider})", settings.DataDirectory, settings.Provider);
    }

    public static void MapSegurEndpoints(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        app.MapGet("/", () => TypedResults.Text("Portail Ségur – fournisseurs. Santé : /health", "text/plain; charset=utf-8"));
    }

    private static string DefinitionsFolder() => Path.Combine(AppContext.BaseDirectory, "definitions");
}

using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Segur.Host.Api;
using Segur.Host.Components;
using Segur.Host.Components.Pages.AccountChanges;
using Segur.Host.Components.Pages.Instruction;
using Segur.Host.Demo;
using Segur.Host.Help;
using Segur.Host.Health;
using Segur.Host.Identity;
using Segur.Host.Operations;
using Segur.Host.Security;
using Segur.Workflows;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Host;

internal static class HostSetup
{
    public static void AddSegurHost(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseStaticWebAssets();
        // The Host runs from its build output, whose static-asset manifest MapStaticAssets takes for a developer's: each file
        // checked on disk at each request and served "no-cache", so every page fetched MudBlazor's 600 KB of CSS again and
        // parsed it before showing anything. Outside Development the fingerprinted files keep the manifest's one-year
        // immutable caching (decision 0215); ReloadStaticAssetsAtRuntime=true brings the developer's behaviour back.
        if (!builder.Environment.IsDevelopment() && builder.Configuration["ReloadStaticAssetsAtRuntime"] is null)
        {
            builder.Configuration.AddInMemoryCollection([new("ReloadStaticAssetsAtRuntime", "false")]);
        }

        PublicAddress.Configure(builder);
        builder.Services.AddSegurWorkflows(builder.Configuration);
        var settings = SegurSettings.From(builder.Configuration);
        builder.Services.AddDataProtection()
            .SetApplicationName("segur")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.DataDirectory, "keys")));
        builder.Services.AddSegurIdentity();
        builder.Services.AddSegurPages();
        builder.Services.AddSupplierApi();
        builder.Services.AddSegurHelp();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<OperationsHealthCheck>("operations");
        builder.Services.AddScoped<DemoData>();
        builder.Services.AddSingleton<DemoSeeding>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DemoSeeding>());
        builder.Services.AddHostedService<PublishedDefinitionsCheck>();
        builder.AddSegurTelemetry();
    }

    /// <summary>Migrates the database and brings in the release's definitions (the demo accounts follow once the Host answers: <see cref="DemoSeeding"/>).</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<SegurSettings>();
        var database = app.Services.GetRequiredService<SegurDatabase>();
        var seeder = app.Services.GetRequiredService<DefinitionSeeder>();
        Directory.CreateDirectory(settings.DataDirectory);

        // A new database will store every release file: they compile meanwhile, on the other core (decision 0170).
        var release = seeder.Read(DefinitionsFolder(), compileNow: database.IsNewSqliteFile());
        await using (var db = database.CreateContext())
        {
            _ = db.Model; // its own phase in the start-up timeline (the compiled model makes it cheap)
        }

        StartupTimeline.Mark("ef-model");
        await database.MigrateAsync();
        StartupTimeline.Mark("migrations");
        await seeder.SeedAsync(release);
        StartupTimeline.Mark("definitions");

        try
        {
            // A machine without a TrueType font cannot issue the décision d'attribution nor the avis de paiement: say it now.
            Segur.Workflows.Documents.Pdf.PdfFonts.EnsureRegistered(app.Configuration["Segur:Documents:PdfFontFolder"]);
        }
        catch (InvalidOperationException ex)
        {
            app.Logger.LogWarning("{Message}", ex.Message);
        }

        app.Logger.LogInformation("Données : {DataDirectory} ({Provider})", settings.DataDirectory, settings.Provider);
    }

    /// <summary>Errors, French culture, authentication, authorization, antiforgery: in that order.</summary>
    public static void UseSegurPipeline(this WebApplication app)
    {
        app.UseSecurityHeaders();

        // API callers get ProblemDetails; people get the French error pages.
        // (Re-executing handlers stay in the main pipeline: inside a UseWhen branch they would not route again.)
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/erreur", createScopeForErrors: true);
        }

        app.UseWhen(context => ApiProblems.IsApiRequest(context.Request), api => api.UseExceptionHandler());
        app.UseMiddleware<DatabaseUnavailable>();

        app.UseStatusCodePagesWithReExecute("/introuvable", createScopeForStatusCodePages: true);
        app.Use((context, next) =>
        {
            if (ApiProblems.IsApiRequest(context.Request) && context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
            {
                statusCodePages.Enabled = false;
            }

            return next(context);
        });
        var french = new CultureInfo("fr-FR");
        app.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(french);
            options.SupportedCultures = [french];
            options.SupportedUICultures = [french];
        });
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
    }

    public static void MapSegurEndpoints(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapHealthChecks("/health", HealthResponse.Options);
        app.MapSignOut();
        app.MapMeEndpoints();
        app.MapSupplierApi();
        app.MapStudioApi();
        app.MapExports();
        app.MapRequestDocumentPageDownloads();
        app.MapActionsApi();
        app.MapStaffDocuments();
        app.MapAccountFileDownloads();
        app.MapSegurPages();
    }

    private static string DefinitionsFolder() => Path.Combine(AppContext.BaseDirectory, "definitions");
}

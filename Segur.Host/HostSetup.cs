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

        // Last of the hosted services (Kestrel aside, which the framework adds after them): the ones above start while the
        // database gets ready; this one holds the start until it is (decision 0210).
        builder.Services.AddSingleton<IFirstPagesWarmUp, FirstPagesWarmUp>();
        builder.Services.AddSingleton<HostPreparation>();
        builder.Services.AddHostedService(services => services.GetRequiredService<HostPreparation>());
    }

    /// <summary>Starts migrating the database and bringing in the definitions, on a thread of its own (<see cref="HostPreparation"/>).</summary>
    public static void BeginPreparation(this WebApplication app) => _ = app.Services.GetRequiredService<HostPreparation>().Begin();

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
}

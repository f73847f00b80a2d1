using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Segur.Host.Tests.TestSupport;

/// <summary>
/// The Host on a private data folder (its own SQLite database and demo accounts) sending its e-mails to a real SMTP server, as
/// <c>dotnet run --project Segur.Host</c> starts it. Optionally with a fake clock, or listening on a real port (for a browser).
/// </summary>
public sealed class SegurApp : WebApplicationFactory<Program>
{
    /// <summary>The portal's public address (Segur:PublicUrl) in the tests: e-mailed links start with it.</summary>
    public const string PublicUrl = "https://segur.test/";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private readonly FakeTimeProvider? _clock;
    private DemoAccounts? _demo;

    private SegurApp(FakeTimeProvider? clock, bool realPort)
    {
        _clock = clock;
        if (realPort)
        {
            UseKestrel(0);
        }
    }

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("segur-host-").FullName;

    /// <summary>The SMTP server this Host sends its e-mails to.</summary>
    public Mailbox Mailbox { get; } = new();

    /// <summary>The demo accounts the Host wrote to &lt;DataDirectory&gt;/demo-credentials.json at start-up.</summary>
    public DemoAccounts Demo => _demo ??= JsonSerializer.Deserialize<DemoAccounts>(
        File.ReadAllText(Path.Combine(DataDirectory, "demo-credentials.json")), s_json)!;

    /// <summary>More configuration keys (e.g. Segur:Telemetry:OtlpEndpoint), set before <see cref="Start(FakeTimeProvider?)"/> starts it.</summary>
    private IReadOnlyDictionary<string, string?> _settings = new Dictionary<string, string?>();

    /// <summary>Started, in memory, with more configuration.</summary>
    public static SegurApp Start(IReadOnlyDictionary<string, string?> settings)
    {
        var app = new SegurApp(null, realPort: false) { _settings = settings };
        app.StartServer();
        app.AwaitDemoData();
        return app;
    }

    /// <summary>Started, in memory, with a fake clock and more configuration (e.g. <see cref="PostgresDatabase.Settings"/>).</summary>
    public static SegurApp Start(FakeTimeProvider? clock, IReadOnlyDictionary<string, string?> settings)
    {
        var app = new SegurApp(clock, realPort: false) { _settings = settings };
        app.StartServer();
        app.AwaitDemoData();
        return app;
    }

    /// <summary>Started, in memory.</summary>
    public static SegurApp Start(FakeTimeProvider? clock = null)
    {
        var app = new SegurApp(clock, realPort: false);
        app.StartServer();
        app.AwaitDemoData();
        return app;
    }

    /// <summary>Started on a free port of 127.0.0.1, for a real browser; returns the address.</summary>
    public static (SegurApp App, Uri Address) StartOnRealPort(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var app = new SegurApp(null, realPort: true) { _settings = settings ?? new Dictionary<string, string?>() };
        app.StartServer();
        app.AwaitDemoData();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()
            ?? throw new InvalidOperationException("Kestrel n'indique pas son adresse.");
        var address = addresses.Addresses
            .Select(a => new Uri(a.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal)))
            .First();
        return (app, address);
    }

    /// <summary>
    /// The demo data are made once the Host answers (decision 0170): tests start from them, so they wait for them (bounded;
    /// a failure of the seeding is thrown here).
    /// </summary>
    private void AwaitDemoData() =>
        Services.GetRequiredService<Segur.Host.Demo.DemoSeeding>().Completion.WaitAsync(TimeSpan.FromMinutes(2)).GetAwaiter().GetResult();

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at them).</summary>
    public PageClient Pages() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Segur:DataDirectory", DataDirectory);
        builder.UseSetting("Segur:PublicUrl", PublicUrl);

        // Each test makes the requests it needs: the demo's deposited requests would change its counts.
        builder.UseSetting("Segur:Demo:DepositedRequests", "false");
        builder.UseSetting("Segur:Mail:SmtpHost", "127.0.0.1");
        builder.UseSetting("Segur:Mail:SmtpPort", Mailbox.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_clock is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Mailbox.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite's pool may still hold the file: the temp folder is cleaned by the OS.
        }
    }
}

public sealed record DemoAccounts(IReadOnlyList<DemoSupplier> Suppliers, IReadOnlyList<DemoAccount> Staff, IReadOnlyList<DemoAccount> Analysts);

public sealed record DemoSupplier(string Uid, string Password, string ApiToken, string Siret, string NumeroAns, string Denomination);

public sealed record DemoAccount(string Uid, string Password, string ApiToken);

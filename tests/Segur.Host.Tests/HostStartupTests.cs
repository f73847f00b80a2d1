using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Segur.Host.Demo;
using Segur.Host.Operations;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Accounts;
using Segur.Workflows.Persistence;

namespace Segur.Host.Tests;

/// <summary>The Host as `dotnet run --project Segur.Host` starts it with no configuration but its data folder.</summary>
public sealed class HostStartupTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("segur-host-").FullName;

    [Fact]
    public async Task Health_AnswersOk_OnceTheDatabaseAndDefinitionsAreReady()
    {
        await using var factory = Factory();
        var response = await factory.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", health.RootElement.GetProperty("status").GetString());
        var operations = health.RootElement.GetProperty("checks").GetProperty("operations").GetProperty("data");
        Assert.Equal(0, operations.GetProperty("deadLetters").GetInt32());
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "segur.db")));
    }

    [Fact]
    public async Task TheHost_DoesNotAnswer_WhenItsDatabaseCannotBePrepared()
    {
        // The database is prepared while the other services start (decision 0210): a failure must still stop the start
        // before Kestrel listens, as when the preparation ran before them. Nothing listens on this port.
        using var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        await using var factory = Factory(
            ("Segur:Database:Provider", "PostgreSql"),
            ("ConnectionStrings:Segur", $"Host=127.0.0.1;Port={port};Username=segur;Password=segur;Database=segur;Timeout=5"));

        var failure = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains(Causes(failure), e => e is Npgsql.NpgsqlException);
    }

    [Fact]
    public async Task DemoData_GivesThreeSuppliersWithAValidatedEnrolment_AStaffMemberAndAnAnalyst()
    {
        await using var factory = Factory();
        await StartedWithDemoDataAsync(factory);

        using var credentials = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "demo-credentials.json")));
        var suppliers = credentials.RootElement.GetProperty("suppliers").EnumerateArray().ToList();
        Assert.Equal(3, suppliers.Count);
        Assert.All(suppliers, s => Assert.All(
            new[] { "uid", "password", "apiToken", "siret", "numeroAns", "denomination" },
            p => Assert.False(string.IsNullOrEmpty(s.GetProperty(p).GetString()))));
        Assert.Equal(3, suppliers.Select(s => s.GetProperty("siret").GetString()).Distinct().Count());
        Assert.Equal(3, suppliers.Select(s => s.GetProperty("numeroAns").GetString()).Distinct().Count());
        var staffAccounts = credentials.RootElement.GetProperty("staff").EnumerateArray().ToList();
        Assert.Equal(["GES200001", "GES200002"], staffAccounts.Select(s => s.GetProperty("uid").GetString()));
        var staff = staffAccounts[0];
        var analyst = credentials.RootElement.GetProperty("analysts").EnumerateArray().Single();

        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<UserAccount>>();
        foreach (var (account, role) in suppliers.Select(s => (s, Roles.Fournisseur)).Append((staff, Roles.Gestionnaire)).Append((analyst, Roles.Analyste)))
        {
            var user = await users.FindByNameAsync(account.GetProperty("uid").GetString()!);
            Assert.NotNull(user);
            Assert.True(await users.CheckPasswordAsync(user, account.GetProperty("password").GetString()!));
            Assert.True(await users.IsInRoleAsync(user, role));
            Assert.Equal(ApiTokens.Hash(account.GetProperty("apiToken").GetString()!), user.ApiTokenHash);
        }

        await using var db = scope.ServiceProvider.GetRequiredService<SegurDatabase>().CreateContext();
        var enrolments = await db.Enrolments.AsNoTracking().Include(e => e.Supplier).ToListAsync();
        Assert.Equal(["DPI", "DUI", "LGC"], enrolments.Select(e => e.TypeLogiciel).Order());
        Assert.Equal("MS1", enrolments.Single(e => e.TypeLogiciel == "DUI").Couloir);
        foreach (var enrolment in enrolments)
        {
            var instance = await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.SubjectType == "Enrolment" && i.SubjectId == enrolment.Id.ToString());
            Assert.Equal("Validee", instance.State);
        }
    }

    [Fact]
    public async Task ARestart_KeepsTheSameDemoAccounts()
    {
        await using (var first = Factory())
        {
            await StartedWithDemoDataAsync(first);
        }

        var before = await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "demo-credentials.json"));
        await using (var second = Factory())
        {
            await StartedWithDemoDataAsync(second);
            await using var db = second.Services.GetRequiredService<SegurDatabase>().CreateContext();
            Assert.Equal(3, await db.Suppliers.CountAsync());
        }

        Assert.Equal(before, await File.ReadAllTextAsync(Path.Combine(_dataDirectory, "demo-credentials.json")));
    }

    [Fact]
    public async Task DemoData_CanBeTurnedOff()
    {
        await using var factory = Factory(("Segur:Demo:Enabled", "false"));
        await StartedWithDemoDataAsync(factory);

        Assert.False(File.Exists(Path.Combine(_dataDirectory, "demo-credentials.json")));
        await using var db = factory.Services.GetRequiredService<SegurDatabase>().CreateContext();
        Assert.Equal(0, await db.Suppliers.CountAsync());
    }

    [Fact]
    public async Task ThePages_Answer_WhileTheDemoDataAreStillBeingMade()
    {
        // The demo accounts are made once the Host answers (decision 0170): hold them at their first password check.
        var gate = new PasswordGate();
        await using var factory = Factory().WithWebHostBuilder(builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<IPasswordValidator<UserAccount>>(gate)));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await gate.Reached.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/connexion")).StatusCode);
        var seeding = factory.Services.GetRequiredService<DemoSeeding>();
        Assert.False(seeding.Completion.IsCompleted);
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "demo-credentials.json")));

        gate.Open();
        await seeding.Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "demo-credentials.json")));
        await using var db = factory.Services.GetRequiredService<SegurDatabase>().CreateContext();
        Assert.Equal(3, await db.Suppliers.CountAsync());
    }

    [Fact]
    public async Task ARestartedHost_HasTheFirstPagesRulesReady_AndItsHomePageQuotesThem()
    {
        // An existing database compiles nothing while it is prepared (decision 0140); the financing rules every page reads
        // (here the home page's FAQ: « supprimée automatiquement 7 jours après l'import ») are compiled beside Kestrel's
        // start instead of in the first visitor's request (decision 0230).
        await using (var first = Factory())
        {
            await StartedWithDemoDataAsync(first);
        }

        await using var factory = Factory();
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        Assert.True(await factory.Services.GetRequiredService<HostPreparation>().FirstPagesWarmed.WaitAsync(TimeSpan.FromMinutes(2)));
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("automatiquement 7 jours", await home.Content.ReadAsStringAsync()); // « {delaiExpiration} » filled
    }

    [Fact]
    public async Task HealthAndTheFirstPage_DoNotWaitForTheWarmUp_WhileTheDefinitionsCheckAndTheDemoDataDo()
    {
        // Decision 0212: the first pages' warm-up runs on a thread of its own, beside the first answers; the background work
        // no visitor waits for (the published-definitions check, the demo data) begins once it is over, so that it does not
        // share the 2 cores with the first /health. Held here: the warm-up, and the demo data at their first password check.
        var warmUp = new HeldWarmUp();
        var gate = new PasswordGate();
        await using var factory = Factory().WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IFirstPagesWarmUp>(warmUp);
            services.AddSingleton<IPasswordValidator<UserAccount>>(gate);
        }));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode); // it compiles the rules itself meanwhile
        Assert.False(await warmUp.Reached.WaitAsync(TimeSpan.FromMinutes(2)), "the warm-up ran on a thread-pool thread");
        var preparation = factory.Services.GetRequiredService<HostPreparation>();
        var check = factory.Services.GetServices<IHostedService>().OfType<PublishedDefinitionsCheck>().Single();
        Assert.False(preparation.FirstPagesWarmed.IsCompleted);
        Assert.False(check.Begun.IsCompleted);
        Assert.False(gate.Reached.IsCompleted);

        warmUp.Open();
        Assert.True(await preparation.FirstPagesWarmed.WaitAsync(TimeSpan.FromMinutes(2)));
        await check.Begun.WaitAsync(TimeSpan.FromMinutes(2));
        await gate.Reached.WaitAsync(TimeSpan.FromMinutes(2));
        gate.Open();
        await factory.Services.GetRequiredService<DemoSeeding>().Completion.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "demo-credentials.json")));
    }

    [Fact]
    public async Task OnARealPort_TheWarmUpRendersTheHomePageOnce_BeforeTheBackgroundWorkBegins()
    {
        // Decision 0214: the first page's own first-time work (components, layout, route table) is done by the warm-up's own
        // request once the Host answers; the definitions check and the demo data wait for it (StartOnRealPort waits for them).
        var (app, _) = SegurApp.StartOnRealPort();
        await using (app)
        {
            var warmUp = Assert.IsType<FirstPagesWarmUp>(app.Services.GetRequiredService<IFirstPagesWarmUp>());
            Assert.True(await app.Services.GetRequiredService<HostPreparation>().FirstPagesWarmed.WaitAsync(TimeSpan.FromMinutes(2)));
            Assert.Equal(200, warmUp.HomePageStatus);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:5123", "http://127.0.0.1:5123/")]
    [InlineData("https://[::]:443;http://[::]:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://0.0.0.0:80", "http://127.0.0.1/")]
    [InlineData("http://localhost:5000/", "http://localhost:5000/")]
    [InlineData("http://[::1]:5001", "http://[::1]:5001/")]
    [InlineData("https://localhost:5001", null)]
    public void TheWarmUp_AsksTheFirstPlainHttpAddress_AWildcardReadAsTheLoopback(string addresses, string? home) =>
        Assert.Equal(home, FirstPagesWarmUp.HomeAddress(addresses.Split(';'))?.AbsoluteUri);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite pool still holding the file: the temp folder is cleaned by the OS.
        }
    }

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Causes))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Started, and its demo data made (they follow the start: decision 0170).</summary>
    private static async Task StartedWithDemoDataAsync(WebApplicationFactory<Program> factory)
    {
        factory.CreateClient();
        await factory.Services.GetRequiredService<DemoSeeding>().Completion.WaitAsync(TimeSpan.FromMinutes(2));
    }

    private WebApplicationFactory<Program> Factory(params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Segur:DataDirectory", _dataDirectory);
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        });
}

/// <summary>A password validator that holds every check until opened (and accepts the password then).</summary>
internal sealed class PasswordGate : IPasswordValidator<UserAccount>
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Reached => _reached.Task;

    public void Open() => _open.TrySetResult();

    public async Task<IdentityResult> ValidateAsync(UserManager<UserAccount> manager, UserAccount user, string? password)
    {
        _reached.TrySetResult();
        await _open.Task;
        return IdentityResult.Success;
    }
}

/// <summary>A first-pages warm-up held until opened; tells whether it was begun on a thread-pool thread.</summary>
internal sealed class HeldWarmUp : IFirstPagesWarmUp
{
    private readonly TaskCompletionSource<bool> _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the warm-up begins: true when it began on a thread-pool thread.</summary>
    public Task<bool> Reached => _reached.Task;

    public void Open() => _open.TrySetResult();

    public async Task WarmAsync()
    {
        _reached.TrySetResult(Thread.CurrentThread.IsThreadPoolThread);
        await _open.Task;
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Timers;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Tests.TestSupport;

/// <summary>
/// The whole engine as the Host runs it (database, outbox, in-memory bus, Quartz, SMTP to a real server),
/// with a clock the test controls. One per test class; tests create their own subjects.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly IHost _host;

    private readonly bool _ownsResources;

    private EngineHost(IHost host, TestDatabase database, Mailbox mailbox, FakeTimeProvider clock, bool ownsResources)
    {
        _ownsResources = ownsResources;
        _host = host;
        TestDatabase = database;
        Mailbox = mailbox;
        Clock = clock;
    }

    public static readonly DateTimeOffset Start = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);

    public TestDatabase TestDatabase { get; }

    public Mailbox Mailbox { get; }

    public FakeTimeProvider Clock { get; }

    public IServiceProvider Services => _host.Services;

    public WorkflowRuntime Runtime => Services.GetRequiredService<WorkflowRuntime>();

    public SegurDatabase Database => Services.GetRequiredService<SegurDatabase>();

    public DefinitionCatalog Catalog => Services.GetRequiredService<DefinitionCatalog>();

    public TimerSweeper Timers => Services.GetRequiredService<TimerSweeper>();

    public SegurDbContext NewContext() => Database.CreateContext();

    public static async Task<EngineHost> StartAsync(DatabaseKind kind, Action<IServiceCollection>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(kind);
        return await StartAsync(database, new Mailbox(), rabbitMq: null, ownsResources: true, configure);
    }

    /// <summary>One more process of a distributed deployment: shares the database, the broker and the SMTP server.</summary>
    public static Task<EngineHost> StartNodeAsync(TestDatabase database, Mailbox mailbox, string rabbitMq) =>
        StartAsync(database, mailbox, rabbitMq, ownsResources: false, configure: null);

    private static async Task<EngineHost> StartAsync(
        TestDatabase database, Mailbox mailbox, string? rabbitMq, bool ownsResources, Action<IServiceCollection>? configure)
    {
        var clock = new FakeTimeProvider(Start);
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Segur:DataDirectory"] = database.Folder,
            ["Segur:Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:Segur"] = database.ConnectionString,
            ["Segur:Mail:SmtpHost"] = "127.0.0.1",
            ["Segur:Mail:SmtpPort"] = mailbox.Port.ToString(),
            ["Segur:Timers:SweepInterval"] = "01:00:00",
            ["Segur:Bus:RabbitMq"] = rabbitMq,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSegurWorkflows(builder.Configuration);
        configure?.Invoke(builder.Services);
        var host = builder.Build();

        await host.Services.GetRequiredService<SegurDatabase>().MigrateAsync();
        await host.Services.GetRequiredService<DefinitionSeeder>().SeedAsync(Path.Combine(AppContext.BaseDirectory, "definitions"));
        await host.StartAsync();
        return new EngineHost(host, database, mailbox, clock, ownsResources);
    }

    public async Task<WorkflowInstance> InstanceAsync(Guid id)
    {
        await using var db = NewContext();
        return await db.WorkflowInstances.AsNoTracking().SingleAsync(i => i.Id == id);
    }

    public async Task<List<JournalEntry>> JournalAsync(Guid id)
    {
        await using var db = NewContext();
        return await db.WorkflowJournal.AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_ownsResources)
        {
            await Mailbox.DisposeAsync();
            await TestDatabase.DisposeAsync();
        }
    }
}

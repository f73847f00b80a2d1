using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Bench;

/// <summary>
/// One fresh database: migrated, "bench-toggle" published, <c>instances</c> started in state A, and the engine's
/// services (<c>AddEngine</c> only: no outbox dispatcher, no timers, so the outbox simply grows).
/// </summary>
internal sealed class BenchRun : IAsyncDisposable
{
    private readonly IBenchTarget _target;
    private readonly ServiceProvider _services;
    private readonly List<ServiceProvider> _tuned = [];

    private BenchRun(IBenchTarget target, string connectionString, ServiceProvider services, IReadOnlyList<Guid> instances)
    {
        _target = target;
        ConnectionString = connectionString;
        _services = services;
        Instances = instances;
    }

    public string ConnectionString { get; }

    public IReadOnlyList<Guid> Instances { get; }

    public IServiceProvider Services => _services;

    public SegurDatabase Database => _services.GetRequiredService<SegurDatabase>();

    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();

    public DatabaseWriter Writer => _services.GetRequiredService<DatabaseWriter>();

    public DatabaseProvider Provider => _target.Provider;

    public static async Task<BenchRun> CreateAsync(IBenchTarget target, int instanceCount)
    {
        var connectionString = await target.CreateAsync();
        var services = BuildServices(target.Provider, connectionString);
        try
        {
            await services.GetRequiredService<SegurDatabase>().MigrateAsync();
            // Refused with every problem and its path when bench-toggle is invalid.
            await services.GetRequiredService<DefinitionDrafts>().PublishJsonAsync(BenchDefinition.Id, BenchDefinition.Json, "bench");
            var runtime = services.GetRequiredService<WorkflowRuntime>();
            var instances = new Guid[instanceCount];
            await Parallel.ForAsync(0, instanceCount, new ParallelOptions { MaxDegreeOfParallelism = target.Provider == DatabaseProvider.Sqlite ? 1 : 8 },
                async (i, ct) => instances[i] = await runtime.StartAsync(BenchDefinition.Id, $"bench-{i:D6}", Actor.System, ct));
            return new BenchRun(target, connectionString, services, instances);
        }
        catch
        {
            await services.DisposeAsync();
            await target.DropAsync(connectionString);
            throw;
        }
    }

    /// <summary>What the application registers for the engine, minus the hosted services (outbox dispatcher, timers).</summary>
    public static ServiceProvider BuildServices(DatabaseProvider provider, string connectionString, Action<IServiceCollection>? customize = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new SegurDatabase(provider, connectionString));
        services.AddEngine();
        customize?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Instances dealt out round-robin, one share per worker.</summary>
    public IReadOnlyList<IReadOnlyList<Guid>> Shares(int workers) =>
        Enumerable.Range(0, workers).Select(w => (IReadOnlyList<Guid>)Instances.Where((_, i) => i % workers == w).ToList()).ToList();

    /// <summary>
    /// The engine on the same database through a changed connection string (PostgreSQL only: the Npgsql
    /// keywords mean nothing to SQLite, which gets the normal runtime).
    /// </summary>
    public WorkflowRuntime Tuned(Func<string, string> tune)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            return Runtime;
        }

        var services = BuildServices(Provider, tune(ConnectionString));
        _tuned.Add(services);
        return services.GetRequiredService<WorkflowRuntime>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var tuned in _tuned)
        {
            await tuned.DisposeAsync();
        }

        await _services.DisposeAsync();
        await _target.DropAsync(ConnectionString);
    }
}

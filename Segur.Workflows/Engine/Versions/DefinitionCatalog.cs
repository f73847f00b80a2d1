using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Versions;

/// <summary>
/// The versions of every definition: drafts edited, validated and published; published versions compiled
/// once and cached for the life of the process (they never change).
/// </summary>
public sealed class DefinitionCatalog(SegurDatabase database, DatabaseWriter writer, DefinitionCompiler compiler, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Id, int Version), Lazy<Task<CompiledDefinition>>> _published = new();
    private readonly ConcurrentDictionary<(string Id, int Version), Lazy<Task<PublishedModel>>> _models = new();

    public DefinitionCompiler Compiler => compiler;

    public Task<CompiledDefinition> GetAsync(string id, int version, CancellationToken cancellationToken = default) =>
        Cached(_published, (id, version), key => LoadAsync(key.Id, key.Version), cancellationToken);

    /// <summary>
    /// A published version as its stored JSON reads (states, labels, rules), without compiling it: what pages show
    /// (decision 0214). The compiled version's model when it is already compiled; else the JSON read once and cached.
    /// </summary>
    public Task<PublishedModel> GetModelAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        if (_published.TryGetValue((id, version), out var compiled) && compiled.IsValueCreated && compiled.Value.IsCompletedSuccessfully)
        {
            return Task.FromResult(PublishedModel.Of(compiled.Value.Result));
        }

        return Cached(_models, (id, version), key => LoadModelAsync(key.Id, key.Version), cancellationToken);
    }

    /// <summary>The latest published version as pages read it (<see cref="GetModelAsync"/>): nothing is compiled.</summary>
    public async Task<PublishedModel> GetLatestPublishedModelAsync(string id, CancellationToken cancellationToken = default) =>
        await GetModelAsync(id, await LatestPublishedOrThrowAsync(id, cancellationToken), cancellationToken);

    private static Task<T> Cached<T>(
        ConcurrentDictionary<(string Id, int Version), Lazy<Task<T>>> cache, (string Id, int Version) key,
        Func<(string Id, int Version), Task<T>> load, CancellationToken cancellationToken)
    {
        var lazy = cache.GetOrAdd(key, k => new Lazy<Task<T>>(() => load(k)));
        var task = lazy.Value;
        if (!task.IsCompletedSuccessfully)
        {
            // A failed load (database down, version not published yet) must not stay cached.
            _ = task.ContinueWith(
                t => cache.TryRemove(new KeyValuePair<(string, int), Lazy<Task<T>>>(key, lazy)),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        return task.WaitAsync(cancellationToken);
    }

    /// <summary>Keeps a version compiled elsewhere (<see cref="DefinitionHealth"/>) unless one is already cached.</summary>
    internal void Preload(CompiledDefinition compiled) =>
        _published.TryAdd((compiled.Id, compiled.Version), new Lazy<Task<CompiledDefinition>>(Task.FromResult(compiled)));

    /// <summary>Forgets a compiled version (found broken by <see cref="DefinitionHealth"/>): the next use compiles it again and fails.</summary>
    internal void Evict(string id, int version)
    {
        _published.TryRemove((id, version), out _);
        _models.TryRemove((id, version), out _);
    }

    public async Task<CompiledDefinition> GetLatestPublishedAsync(string id, CancellationToken cancellationToken = default) =>
        await GetAsync(id, await LatestPublishedOrThrowAsync(id, cancellationToken), cancellationToken);

    private async Task<int> LatestPublishedOrThrowAsync(string id, CancellationToken cancellationToken) =>
        await LatestPublishedVersionAsync(id, cancellationToken)
        ?? throw new InvalidOperationException($"La définition « {id} » n'a aucune version publiée.");

    public async Task<IReadOnlyList<DefinitionVersionInfo>> ListAsync(string? id = null, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.WorkflowDefinitions.AsNoTracking()
            .Where(v => id == null || v.DefinitionId == id)
            .OrderBy(v => v.DefinitionId).ThenBy(v => v.Version)
            .Select(v => new DefinitionVersionInfo(v.DefinitionId, v.Version, v.Status, v.Origin, v.CreatedAt, v.PublishedAt, v.PublishedBy)
            {
                CreatedBy = v.CreatedBy,
                RestoredFrom = v.RestoredFrom,
            })
            .ToListAsync(cancellationToken);
    }

    public async Task<string?> GetJsonAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.WorkflowDefinitions.AsNoTracking()
            .Where(v => v.DefinitionId == id && v.Version == version)
            .Select(v => v.Json)
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The number of the version new instances start on, or null when none is published.</summary>
    public async Task<int?> LatestPublishedVersionAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.WorkflowDefinitions.AsNoTracking()
            .Where(v => v.DefinitionId == id && v.Status == DefinitionStatus.Published)
            .MaxAsync(v => (int?)v.Version, cancellationToken);
    }

    /// <summary>
    /// Makes a numbered version the one new instances start on: a version proposed by a release that is still the
    /// latest is published as it is; any other (an older published version: a rollback) is published again as a new
    /// version carrying its JSON, so that the latest number is always the current one. Returns the current version.
    /// </summary>
    public async Task<int> PublishAsync(string id, int version, string by, CancellationToken cancellationToken = default)
    {
        return await writer.WriteAsync(async scope =>
        {
            var db = scope.Db;
            var row = await db.WorkflowDefinitions.SingleOrDefaultAsync(v => v.DefinitionId == id && v.Version == version, cancellationToken)
                ?? throw new WorkflowException($"La version {version} de « {id} » n'existe pas.");
            compiler.Compile(row.Json, version);
            var last = await db.WorkflowDefinitions.Where(v => v.DefinitionId == id).MaxAsync(v => v.Version, cancellationToken);
            if (row.Status == DefinitionStatus.Draft && row.Version == last)
            {
                row.Publish(by, Now);
                await db.SaveChangesAsync(cancellationToken);
                return row.Version;
            }

            var copy = WorkflowDefinitionVersion.Published(id, last + 1, row.Json, DefinitionOrigin.Studio, by, Now, restoredFrom: version);
            db.WorkflowDefinitions.Add(copy);
            await db.SaveChangesAsync(cancellationToken);
            return copy.Version;
        }, cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<CompiledDefinition> LoadAsync(string id, int version) => compiler.Compile(await PublishedJsonAsync(id, version), version);

    private async Task<PublishedModel> LoadModelAsync(string id, int version) =>
        new(DefinitionCompiler.ReadModel(await PublishedJsonAsync(id, version)), version);

    private async Task<string> PublishedJsonAsync(string id, int version)
    {
        await using var db = database.CreateContext();
        var row = await db.WorkflowDefinitions.AsNoTracking()
            .Where(v => v.DefinitionId == id && v.Version == version)
            .Select(v => new { v.Status, v.Json })
            .SingleOrDefaultAsync()
            ?? throw new InvalidOperationException($"La version {version} de la définition « {id} » n'existe pas.");
        if (row.Status != DefinitionStatus.Published)
        {
            throw new InvalidOperationException($"La version {version} de « {id} » est un brouillon : elle ne peut pas exécuter d'instance.");
        }

        return row.Json;
    }
}

public sealed record DefinitionVersionInfo(
    string DefinitionId, int Version, DefinitionStatus Status, DefinitionOrigin Origin,
    DateTime CreatedAt, DateTime? PublishedAt, string? PublishedBy)
{
    public string? CreatedBy { get; init; }

    public int? RestoredFrom { get; init; }
}

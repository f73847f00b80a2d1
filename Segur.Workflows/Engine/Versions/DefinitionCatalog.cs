using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Versions;

/// <summary>
/// The versions of every definition: drafts edited, validated and published; published versions compiled
/// once and cached for the life of the process (they never change).
/// </summary>
public sealed class DefinitionCatalog(SegurDatabase database, DatabaseWriter writer, DefinitionCompiler compiler, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Id, int Version), Lazy<Task<CompiledDefinition>>> _published = new();

    public DefinitionCompiler Compiler => compiler;

    public Task<CompiledDefinition> GetAsync(string id, int version, CancellationToken cancellationToken = default)
    {
        var lazy = _published.GetOrAdd((id, version), key => new Lazy<Task<CompiledDefinition>>(() => LoadAsync(key.Id, key.Version)));
        var task = lazy.Value;
        if (!task.IsCompletedSuccessfully)
        {
            // A failed load (database down, version not published yet) must not stay cached.
            _ = task.ContinueWith(
                t => _published.TryRemove(new KeyValuePair<(string, int), Lazy<Task<CompiledDefinition>>>((id, version), lazy)),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        return task.WaitAsync(cancellationToken);
    }

    public async Task<CompiledDefinition> GetLatestPublishedAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        var version = await db.WorkflowDefinitions.AsNoTracking()
            .Where(v => v.DefinitionId == id && v.Status == DefinitionStatus.Published)
            .MaxAsync(v => (int?)v.Version, cancellationToken)
            ?? throw new InvalidOperationException($"La définition « {id} » n'a aucune version publiée.");
        return await GetAsync(id, version, cancellationToken);
    }

    public async Task<IReadOnlyList<DefinitionVersionInfo>> ListAsync(string? id = null, CancellationToken cancellationToken = default)
    {
        await using var db = database.CreateContext();
        return await db.WorkflowDefinitions.AsNoTracking()
            .Where(v => id == null || v.DefinitionId == id)
            .OrderBy(v => v.DefinitionId).ThenBy(v => v.Version)
            .Select(v => new DefinitionVersionInfo(v.DefinitionId, v.Version, v.Status, v.Origin, v.CreatedAt, v.PublishedAt, v.PublishedBy))
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

    /// <summary>
    /// Saves an analyst's edit as the definition's draft (a new version after the last one, or the open draft).
    /// A draft may hold problems: an edit is never lost. Returns the draft's version and its problems.
    /// </summary>
    public async Task<(int Version, IReadOnlyList<DefinitionProblem> Problems)> SaveDraftAsync(
        string id, string json, string by, CancellationToken cancellationToken = default)
    {
        var problems = compiler.Validate(json);
        var saved = await writer.WriteAsync(async scope =>
        {
            var db = scope.Db;
            var latest = await db.WorkflowDefinitions
                .Where(v => v.DefinitionId == id)
                .OrderByDescending(v => v.Version)
                .FirstOrDefaultAsync(cancellationToken);
            if (latest is { Status: DefinitionStatus.Draft })
            {
                latest.EditDraft(json);
            }
            else
            {
                latest = WorkflowDefinitionVersion.Draft(id, (latest?.Version ?? 0) + 1, json, DefinitionOrigin.Studio, by, Now);
                db.WorkflowDefinitions.Add(latest);
            }

            await db.SaveChangesAsync(cancellationToken);
            return latest.Version;
        }, cancellationToken);
        return (saved, problems);
    }

    /// <summary>Publishes a draft; refused with every problem and its path when the draft is invalid.</summary>
    public async Task PublishAsync(string id, int version, string by, CancellationToken cancellationToken = default)
    {
        await writer.WriteAsync(async scope =>
        {
            var draft = await scope.Db.WorkflowDefinitions.SingleOrDefaultAsync(v => v.DefinitionId == id && v.Version == version, cancellationToken)
                ?? throw new InvalidOperationException($"La version {version} de « {id} » n'existe pas.");
            compiler.Compile(draft.Json, version);
            draft.Publish(by, Now);
            await scope.Db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<CompiledDefinition> LoadAsync(string id, int version)
    {
        await using var db = database.CreateContext();
        var row = await db.WorkflowDefinitions.AsNoTracking()
            .SingleOrDefaultAsync(v => v.DefinitionId == id && v.Version == version)
            ?? throw new InvalidOperationException($"La version {version} de la définition « {id} » n'existe pas.");
        if (row.Status != DefinitionStatus.Published)
        {
            throw new InvalidOperationException($"La version {version} de « {id} » est un brouillon : elle ne peut pas exécuter d'instance.");
        }

        return compiler.Compile(row.Json, version);
    }
}

public sealed record DefinitionVersionInfo(
    string DefinitionId, int Version, DefinitionStatus Status, DefinitionOrigin Origin,
    DateTime CreatedAt, DateTime? PublishedAt, string? PublishedBy);

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Versions;

/// <summary>
/// Brings the release's definition files into the database (decision 0100). A new definition becomes version 1,
/// published. A file changed since the version it last produced becomes a new version: published when the latest
/// published version also came from a release, kept unpublished for review when an analyst has published since
/// (their work is never overwritten nor silently superseded). An analyst's open draft is never touched: when a
/// release version is published under it, the draft is left based on the older version, to rebase before publishing.
/// A file unchanged since the version it last produced is not compiled again (start-up, decision 0140): checking every
/// published version against this build is <see cref="DefinitionHealth"/>'s job, which the Host runs once it answers.
/// </summary>
public sealed class DefinitionSeeder(
    DatabaseWriter writer, SegurDatabase database, DefinitionCatalog catalog, TimeProvider clock, ILogger<DefinitionSeeder> logger)
{
    public Task SeedAsync(string folder, CancellationToken cancellationToken = default) =>
        SeedAsync(Read(folder, compileNow: false), cancellationToken);

    /// <summary>
    /// The release's files, read now. With <paramref name="compileNow"/> (a new database, where every file will be stored)
    /// they start compiling at once, side by side, while the caller migrates the database (decision 0170).
    /// </summary>
    public ReleaseFiles Read(string folder, bool compileNow)
    {
        var files = new List<ReleaseFile>();
        foreach (var file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var json = File.ReadAllText(file);
            var compiling = compileNow ? Task.Run(() => catalog.Compiler.Compile(json, 0)) : null;
            files.Add(new ReleaseFile(Path.GetFileName(file), json, TryHash(json), compiling));
        }

        return new ReleaseFiles(files);
    }

    public async Task SeedAsync(ReleaseFiles release, CancellationToken cancellationToken = default)
    {
        Dictionary<string, string?> lastReleased;
        await using (var db = database.CreateContext())
        {
            var released = await db.WorkflowDefinitions.AsNoTracking()
                .Where(v => v.Origin == DefinitionOrigin.Release)
                .Select(v => new { v.DefinitionId, v.Version, v.SourceHash })
                .ToListAsync(cancellationToken);
            lastReleased = released.GroupBy(v => v.DefinitionId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.MaxBy(v => v.Version)!.SourceHash, StringComparer.Ordinal);
        }

        // The same test as StoreAsync's (the file against the last version it produced), without compiling the file.
        var changed = release.Files
            .Where(f => f.Hash is null || IdOf(f.Json) is not { } id || !lastReleased.TryGetValue(id, out var hash) || hash != f.Hash)
            .ToList();

        // Invalid release files stop the start-up before anything is written; the changed ones compile side by side.
        var compiled = await Task.WhenAll(changed.Select(f => f.Compiling ?? Task.Run(() => catalog.Compiler.Compile(f.Json, 0), cancellationToken)));
        for (var i = 0; i < changed.Count; i++)
        {
            await StoreAsync(changed[i].Name, changed[i].Json, compiled[i].Id, changed[i].Hash!, cancellationToken);
        }
    }

    public async Task SeedOneAsync(string fileName, string json, CancellationToken cancellationToken = default)
    {
        // Invalid release files stop the start-up: shipping a broken definition is a developer error.
        var compiled = catalog.Compiler.Compile(json, 0);
        await StoreAsync(fileName, json, compiled.Id, Hash(json), cancellationToken);
    }

    private async Task StoreAsync(string fileName, string json, string id, string hash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;

        await writer.WriteAsync(async scope =>
        {
            var db = scope.Db;
            var versions = await db.WorkflowDefinitions.Where(v => v.DefinitionId == id).OrderBy(v => v.Version).ToListAsync(cancellationToken);
            var lastFromRelease = versions.LastOrDefault(v => v.Origin == DefinitionOrigin.Release);
            if (lastFromRelease?.SourceHash == hash)
            {
                return;
            }

            var version = WorkflowDefinitionVersion.Draft(id, (versions.LastOrDefault()?.Version ?? 0) + 1, json, DefinitionOrigin.Release, "release", now, hash);
            db.WorkflowDefinitions.Add(version);
            var latestPublished = versions.LastOrDefault(v => v.Status == DefinitionStatus.Published);
            if (latestPublished is null || latestPublished.Origin == DefinitionOrigin.Release)
            {
                version.Publish("release", now);
                logger.LogInformation("Definition {Id} v{Version} published from {File}", id, version.Version, fileName);
                if (await db.Set<DefinitionDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.DefinitionId == id, cancellationToken) is { } draft)
                {
                    logger.LogWarning(
                        "Definition {Id}: the release published v{Version} while {Analyst}'s draft (based on v{Base}) is open; the draft is kept, to rebase in the Studio",
                        id, version.Version, draft.UpdatedBy, draft.BasedOnVersion);
                }
            }
            else
            {
                logger.LogWarning(
                    "Definition {Id}: {File} changed but an analyst published v{Published}; the file is kept as unpublished v{Version} to review in the Studio",
                    id, fileName, latestPublished.Version, version.Version);
            }

            await db.SaveChangesAsync(cancellationToken);
        }, cancellationToken);
    }

    private static string? IdOf(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Null for malformed JSON, which the compiler then reports with its line and column.</summary>
    private static string? TryHash(string json)
    {
        try
        {
            return Hash(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Hash(string json)
    {
        // Formatting does not make a new version: hash the canonical form.
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var canonical = JsonSerializer.Serialize(document.RootElement);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>A release's definition files as read at start-up (<see cref="DefinitionSeeder.Read"/>).</summary>
public sealed record ReleaseFiles(IReadOnlyList<ReleaseFile> Files);

/// <summary>One file: its name, text, canonical hash (null when malformed) and, when compiled ahead, that compilation.</summary>
public sealed record ReleaseFile(string Name, string Json, string? Hash, Task<CompiledDefinition>? Compiling);

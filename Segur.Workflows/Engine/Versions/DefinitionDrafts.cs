using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Versions;

/// <summary>The open draft of a definition as the Studio shows it, with the token to save it with.</summary>
public sealed record DraftView(
    string DefinitionId, string Json, int Token, int? BasedOnVersion, int? LatestPublished,
    string CreatedBy, DateTime CreatedAt, string UpdatedBy, DateTime UpdatedAt)
{
    /// <summary>A version was published after the one the draft started from: compare, report the changes, then rebase.</summary>
    public bool IsOutdated => LatestPublished is { } latest && BasedOnVersion != latest;
}

public sealed record DraftSaved(int Token, DateTime UpdatedAt, IReadOnlyList<DefinitionProblem> Problems);

/// <summary>Another analyst saved (or published, or discarded) the draft since it was read: nothing was written.</summary>
public sealed class DraftConflictException(string definitionId, DraftView? current, string? message = null, Exception? inner = null)
    : WorkflowException(message ?? DefaultMessage(definitionId, current), inner)
{
    private static string DefaultMessage(string definitionId, DraftView? current) => current is null
        ? $"Le brouillon de « {definitionId} » n'existe plus (publié ou abandonné entre-temps) : rien n'a été enregistré."
        : $"Le brouillon de « {definitionId} » a été modifié par {current.UpdatedBy} le {ParisDays.ToParis(current.UpdatedAt):dd/MM/yyyy à HH:mm:ss} " +
          "depuis que vous l'avez ouvert : votre enregistrement est refusé pour ne pas effacer ce changement. Comparez, puis enregistrez à nouveau.";

    public string DefinitionId { get; } = definitionId;

    /// <summary>The draft as it is now (null when it no longer exists): the Studio shows the other change.</summary>
    public DraftView? Current { get; } = current;
}

/// <summary>
/// Analysts' drafts: one open draft per definition, saved with the token of the reading it comes from (a stale save
/// is refused, never merged silently), published into a new numbered version that new instances start on.
/// </summary>
public sealed class DefinitionDrafts(
    SegurDatabase database, DatabaseWriter writer, DefinitionCatalog catalog, InstanceMigrator migrator, TimeProvider clock)
{
    public async Task<DraftView?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var draft = await db.Set<DefinitionDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.DefinitionId == id, ct);
        return draft is null ? null : View(draft, await LatestAsync(db, id, ct));
    }

    /// <summary>Opens the definition's draft from a published version (the latest by default); refused when a draft is already open.</summary>
    public async Task<DraftView> OpenAsync(string id, string by, int? fromVersion = null, CancellationToken ct = default)
    {
        return await writer.WriteAsync(async scope =>
        {
            var db = scope.Db;
            if (await db.Set<DefinitionDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.DefinitionId == id, ct) is { } open)
            {
                throw new DraftConflictException(id, View(open, await LatestAsync(db, id, ct)),
                    $"Un brouillon de « {id} » est déjà ouvert (par {open.CreatedBy}, modifié en dernier par {open.UpdatedBy}) : " +
                    "reprenez-le plutôt que d'en ouvrir un second.");
            }

            var latest = await LatestAsync(db, id, ct) ?? throw new WorkflowException($"La définition « {id} » n'a aucune version publiée.");
            var from = fromVersion ?? latest;
            var json = await db.WorkflowDefinitions.AsNoTracking().Where(v => v.DefinitionId == id && v.Version == from).Select(v => v.Json).SingleOrDefaultAsync(ct)
                ?? throw new WorkflowException($"La version {from} de « {id} » n'existe pas.");
            var draft = new DefinitionDraft
            {
                DefinitionId = id, Json = json, BasedOnVersion = latest, Token = 1, CreatedAt = Now, CreatedBy = by, UpdatedAt = Now, UpdatedBy = by,
            };
            db.Add(draft);
            await SaveAsync(db, id, ct);
            return View(draft, latest);
        }, ct);
    }

    /// <summary>
    /// Saves the analyst's text, valid or not (an edit is never lost), when <paramref name="expectedToken"/> is the draft's
    /// current token; otherwise refused with the draft as it is now. Returns the new token and the problems to show.
    /// </summary>
    public async Task<DraftSaved> SaveAsync(string id, string json, string by, int expectedToken, CancellationToken ct = default)
    {
        var problems = catalog.Compiler.Validate(json);
        return await writer.WriteAsync(async scope =>
        {
            var draft = await FindAsync(scope.Db, id, expectedToken, ct);
            draft.Edit(json, by, Now);
            await SaveAsync(scope.Db, id, ct);
            return new DraftSaved(draft.Token, draft.UpdatedAt, problems);
        }, ct);
    }

    /// <summary>Records that the analyst has compared the draft with the versions published since it started and carried their changes over.</summary>
    public async Task<DraftView> RebaseAsync(string id, string by, int expectedToken, CancellationToken ct = default)
    {
        return await writer.WriteAsync(async scope =>
        {
            var draft = await FindAsync(scope.Db, id, expectedToken, ct);
            var latest = await LatestAsync(scope.Db, id, ct);
            draft.Rebase(latest ?? 0, by, Now);
            await SaveAsync(scope.Db, id, ct);
            return View(draft, latest);
        }, ct);
    }

    public async Task DiscardAsync(string id, int expectedToken, CancellationToken ct = default)
    {
        await writer.WriteAsync(async scope =>
        {
            scope.Db.Remove(await FindAsync(scope.Db, id, expectedToken, ct));
            await SaveAsync(scope.Db, id, ct);
        }, ct);
    }

    /// <summary>
    /// Publishes the draft as a new version (the latest number, used by new instances only) and closes it. Refused,
    /// with nothing changed, when the draft has a problem, was saved by someone else since, started from a version
    /// that is no longer the latest published one (it must be rebased first: a release or a colleague published since),
    /// or removes states that instances of the version in service are in (<see cref="StateMappingRequiredException"/>:
    /// publish again with a <see cref="PublishMigration"/>).
    /// </summary>
    public async Task<int> PublishAsync(string id, string by, int expectedToken, CancellationToken ct = default) =>
        (await PublishAsync(id, by, expectedToken, null, ct)).Version;

    /// <summary>
    /// Publishes the draft and, in the same write, moves the instances of the version in service that are in states the
    /// draft removes into the states <paramref name="migration"/> maps them to (decision 0150: one operation; a refusal
    /// leaves neither a new version nor a moved instance). Instances in states the draft keeps stay on their version.
    /// </summary>
    public async Task<Publication> PublishAsync(string id, string by, int expectedToken, PublishMigration? migration, CancellationToken ct = default)
    {
        return await writer.WriteAsync(async scope =>
        {
            var db = scope.Db;
            var draft = await FindAsync(db, id, expectedToken, ct);
            var latest = await LatestAsync(db, id, ct);
            if (latest is not null && draft.BasedOnVersion != latest)
            {
                throw new WorkflowException(
                    $"Le brouillon part de la version {draft.BasedOnVersion}, mais la version {latest} a été publiée depuis : " +
                    $"comparez-les, reportez dans le brouillon ce qui doit l'être, puis marquez-le « à jour de la version {latest} » avant de publier.");
            }

            var last = await db.WorkflowDefinitions.Where(v => v.DefinitionId == id).MaxAsync(v => (int?)v.Version, ct) ?? 0;
            var compiled = catalog.Compiler.Compile(draft.Json, last + 1);
            var preview = await DraftPublication.PreviewAsync(db, catalog, migrator, id, latest, compiled, migration?.StateMapping, ct);
            var unmapped = DraftPublication.Unmapped(preview, migration?.StateMapping, compiled);
            if (unmapped.Count > 0)
            {
                throw new StateMappingRequiredException(preview, unmapped);
            }

            db.WorkflowDefinitions.Add(WorkflowDefinitionVersion.Published(id, last + 1, draft.Json, DefinitionOrigin.Studio, by, Now));
            db.Remove(draft);
            await SaveAsync(db, id, ct);
            var moved = 0;
            if (preview.NeedsMapping)
            {
                var plan = DraftPublication.Plan(id, latest!.Value, last + 1, preview.Removed, migration!.StateMapping) with { Previewed = migration.Previewed };
                moved = await migrator.MoveAsync(db, plan, compiled, new Actor(by, [Accounts.Roles.Analyste]), ct);
            }

            return new Publication(last + 1, moved);
        }, ct);
    }

    /// <summary>
    /// What publishing the draft would do to running instances: the states in use it removes (with suggestions) and, for
    /// <paramref name="mapping"/>, the instances that would move. Throws <see cref="InvalidDefinitionException"/> for a draft with problems.
    /// </summary>
    public async Task<PublicationPreview> PreviewPublicationAsync(string id, IReadOnlyDictionary<string, string>? mapping, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var draft = await db.Set<DefinitionDraft>().AsNoTracking().SingleOrDefaultAsync(d => d.DefinitionId == id, ct)
            ?? throw new DraftConflictException(id, null);
        var latest = await LatestAsync(db, id, ct);
        var last = await db.WorkflowDefinitions.Where(v => v.DefinitionId == id).MaxAsync(v => (int?)v.Version, ct) ?? 0;
        var compiled = catalog.Compiler.Compile(draft.Json, last + 1);
        return await DraftPublication.PreviewAsync(db, catalog, migrator, id, latest, compiled, mapping, ct);
    }

    /// <summary>For tests, benchmarks and imports of a whole file: opens a draft with <paramref name="json"/> and publishes it.</summary>
    public async Task<int> PublishJsonAsync(string id, string json, string by, CancellationToken ct = default)
    {
        return await writer.WriteAsync(async scope =>
        {
            var db = scope.Db;
            var last = await db.WorkflowDefinitions.Where(v => v.DefinitionId == id).MaxAsync(v => (int?)v.Version, ct) ?? 0;
            catalog.Compiler.Compile(json, last + 1);
            db.WorkflowDefinitions.Add(WorkflowDefinitionVersion.Published(id, last + 1, json, DefinitionOrigin.Studio, by, Now));
            await db.SaveChangesAsync(ct);
            return last + 1;
        }, ct);
    }

    private async Task<DefinitionDraft> FindAsync(SegurDbContext db, string id, int expectedToken, CancellationToken ct)
    {
        var draft = await db.Set<DefinitionDraft>().SingleOrDefaultAsync(d => d.DefinitionId == id, ct);
        if (draft is null || draft.Token != expectedToken)
        {
            throw new DraftConflictException(id, draft is null ? null : View(draft, await LatestAsync(db, id, ct)));
        }

        return draft;
    }

    private static async Task SaveAsync(SegurDbContext db, string id, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            // Another process saved, opened or published the same draft between our reading and our write.
            throw new DraftConflictException(id, null,
                $"Le brouillon de « {id} » vient d'être ouvert ou modifié par quelqu'un d'autre : rien n'a été enregistré, rechargez-le.", ex);
        }
    }

    private static Task<int?> LatestAsync(SegurDbContext db, string id, CancellationToken ct) =>
        db.WorkflowDefinitions.AsNoTracking()
            .Where(v => v.DefinitionId == id && v.Status == DefinitionStatus.Published)
            .MaxAsync(v => (int?)v.Version, ct);

    private static DraftView View(DefinitionDraft d, int? latest) =>
        new(d.DefinitionId, d.Json, d.Token, d.BasedOnVersion, latest, d.CreatedBy, d.CreatedAt, d.UpdatedBy, d.UpdatedAt);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.News;

public sealed record NewsView(
    Guid Id, string Title, string Text, string? Link, string? LinkText, DateOnly StartsOn, DateOnly? EndsOn, DateTime? UnpublishedAt, DateTime? UpdatedAt);

/// <summary>The news staff write for suppliers: what the home page shows today, and the staff's list and changes.</summary>
public sealed class NewsBoard(SegurDatabase database, DatabaseWriter writer, TimeProvider clock)
{
    /// <summary>The items suppliers see today (Paris day), newest first.</summary>
    public async Task<IReadOnlyList<NewsView>> CurrentAsync(CancellationToken ct = default)
    {
        var today = ParisDays.DayOf(clock.GetUtcNow().UtcDateTime);
        await using var db = database.CreateContext();
        return await Views(db.NewsItems.AsNoTracking()
                .Where(n => n.UnpublishedAt == null && n.StartsOn <= today && (n.EndsOn == null || n.EndsOn >= today)))
            .ToListAsync(ct);
    }

    /// <summary>Every item, for staff, newest first.</summary>
    public async Task<IReadOnlyList<NewsView>> AllAsync(CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        return await Views(db.NewsItems.AsNoTracking()).ToListAsync(ct);
    }

    public async Task<Guid> CreateAsync(NewsForm form, string author, CancellationToken ct = default)
    {
        Check(form);
        var item = NewsItem.Create(form, author, clock.GetUtcNow().UtcDateTime);
        return await writer.WriteAsync(async scope =>
        {
            scope.Db.NewsItems.Add(item);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return item.Id;
        }, ct);
    }

    public Task EditAsync(Guid id, NewsForm form, string editor, CancellationToken ct = default)
    {
        Check(form);
        return ChangeAsync(id, (item, now) => item.Edit(form, editor, now), ct);
    }

    public Task UnpublishAsync(Guid id, string editor, CancellationToken ct = default) => ChangeAsync(id, (item, now) => item.Unpublish(editor, now), ct);

    public Task RepublishAsync(Guid id, string editor, CancellationToken ct = default) => ChangeAsync(id, (item, now) => item.Republish(editor, now), ct);

    private Task ChangeAsync(Guid id, Action<NewsItem, DateTime> change, CancellationToken ct) =>
        writer.WriteAsync(async scope =>
        {
            var item = await scope.Db.NewsItems.SingleOrDefaultAsync(n => n.Id == id, scope.CancellationToken)
                ?? throw new NewsRefusedException(["Cette actualité n'existe plus."]);
            change(item, clock.GetUtcNow().UtcDateTime);
            await scope.Db.SaveChangesAsync(scope.CancellationToken);
            return true;
        }, ct);

    private static void Check(NewsForm form)
    {
        if (form.Problems() is { Count: > 0 } problems)
        {
            throw new NewsRefusedException(problems);
        }
    }

    private static IQueryable<NewsView> Views(IQueryable<NewsItem> items) => items
        .OrderByDescending(n => n.StartsOn).ThenByDescending(n => n.CreatedAt)
        .Select(n => new NewsView(n.Id, n.Title, n.Text, n.Link, n.LinkText, n.StartsOn, n.EndsOn, n.UnpublishedAt, n.UpdatedAt));
}

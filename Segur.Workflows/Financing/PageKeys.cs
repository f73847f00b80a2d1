using Microsoft.EntityFrameworkCore;

namespace Segur.Workflows.Financing;

/// <summary>
/// The keys of one page of a sorted requests query (the supplier's table, the staff's search), with whether a page follows.
/// A page past the middle of an exact total is read from the end in the reverse order, so a last page walks a page of index
/// entries, not the whole result (docs/decisions/0250). Never the first page: a total gone stale (a request deposited since
/// it was counted) would make a read from the end drop the newest rows (decision 0233).
/// </summary>
internal static class PageKeys
{
    /// <param name="exactTotal">The result's exact size when known (not a capped count), else null: the page is read from the start.</param>
    public static Task<(List<Guid> Ids, bool HasNext)> ReadAsync(
        IQueryable<FinancingRequest> filtered, RequestSort sort, int number, int pageSize, int? exactTotal, bool decimalsAsText, CancellationToken ct)
    {
        var offset = (number - 1) * pageSize;
        return number > 1 && exactTotal is { } total && offset > total - offset - pageSize
            ? FromEndAsync(filtered, sort, total - offset - pageSize, pageSize, decimalsAsText, ct)
            : FromStartAsync(filtered, sort, offset, pageSize, decimalsAsText, ct);
    }

    /// <summary>The page's keys in the query's order, and one more to know whether a page follows.</summary>
    private static async Task<(List<Guid> Ids, bool HasNext)> FromStartAsync(
        IQueryable<FinancingRequest> filtered, RequestSort sort, int offset, int pageSize, bool decimalsAsText, CancellationToken ct)
    {
        var ids = await filtered.Sorted(sort, decimalsAsText)
            .Skip(offset).Take(pageSize + 1)
            .Select(r => r.Id)
            .ToListAsync(ct);
        var hasNext = ids.Count > pageSize;
        if (hasNext)
        {
            ids.RemoveAt(pageSize);
        }

        return (ids, hasNext);
    }

    /// <summary>
    /// The page's keys read in the reverse order, <paramref name="after"/> rows following it in the query's order, with the
    /// first of those (it tells that a page follows), handed back in the query's order. Each order is total (ties broken by
    /// the numéro ASP in the same direction), so its reverse gives exactly the same rows.
    /// </summary>
    private static async Task<(List<Guid> Ids, bool HasNext)> FromEndAsync(
        IQueryable<FinancingRequest> filtered, RequestSort sort, int after, int pageSize, bool decimalsAsText, CancellationToken ct)
    {
        var take = after >= 1 ? pageSize + 1 : pageSize + after;
        if (take <= 0)
        {
            return ([], false);
        }

        var reversed = await filtered.Sorted(sort with { Descending = !sort.Descending }, decimalsAsText)
            .Skip(Math.Max(0, after - 1)).Take(take)
            .Select(r => r.Id)
            .ToListAsync(ct);
        var hasNext = after >= 1 && reversed.Count > 0;
        if (hasNext)
        {
            reversed.RemoveAt(0);
        }

        reversed.Reverse();
        return (reversed, hasNext);
    }
}

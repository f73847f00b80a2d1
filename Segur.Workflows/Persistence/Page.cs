using System.Text.Json.Serialization;

namespace Segur.Workflows.Persistence;

/// <summary>
/// One page of a list paged on the server: the items, and how many there are in all. What the API writes is the record's
/// own fields (items, total, number, size); the staff search's capped count stays on the server side.
/// </summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Number, int Size)
{
    public const int MaxSize = 200;

    /// <summary>
    /// The count stopped at a cap (the staff search, docs/decisions/0181): there are more than <see cref="Total"/> rows, how
    /// many more was not counted.
    /// </summary>
    [JsonIgnore]
    public bool TotalCapped { get; init; }

    /// <summary>Whether a row follows this page (read with the page: one row more than its size).</summary>
    [JsonIgnore]
    public bool HasNext { get; init; }

    /// <summary>
    /// How many pages to offer: every page of an exact total; for a capped one, the pages up to the cap and, while rows
    /// follow, one past this page (the last page is not known).
    /// </summary>
    [JsonIgnore]
    public int PageCount
    {
        get
        {
            var counted = (int)Math.Ceiling(Total / (double)Size);
            return TotalCapped ? Math.Max(counted, Number + (HasNext ? 1 : 0)) : counted;
        }
    }

    public static (int Number, int Size) Normalize(int? number, int? size) =>
        (Math.Max(1, number ?? 1), Math.Clamp(size ?? 50, 1, MaxSize));
}

namespace Segur.Workflows.Persistence;

/// <summary>One page of a list paged on the server: the items, and how many there are in all.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Number, int Size)
{
    public const int MaxSize = 200;

    public static (int Number, int Size) Normalize(int? number, int? size) =>
        (Math.Max(1, number ?? 1), Math.Clamp(size ?? 50, 1, MaxSize));
}

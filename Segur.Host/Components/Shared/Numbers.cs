namespace Segur.Host.Components.Shared;

/// <summary>
/// Counts and sizes as French readers write them: thousands separated by a narrow no-break space ("1 007 demandes"),
/// sizes in octets, ko and Mo ("193 octets", "14 ko", "2,5 Mo"). One place, so every page writes them alike.
/// </summary>
public static class Numbers
{
    private const char NarrowNoBreakSpace = '\u202F';

    /// <summary>"1 007" (whatever the platform's ICU version puts between thousands).</summary>
    public static string Count(long value) =>
        value.ToString("N0", ParisTime.French).Replace('\u00A0', NarrowNoBreakSpace).Replace(' ', NarrowNoBreakSpace);

    /// <summary>"1 demande", "1 007 demandes": the count and its noun, plural from 2.</summary>
    public static string Count(long value, string singular, string plural) => $"{Count(value)} {(value is 0 or 1 ? singular : plural)}";

    /// <summary>
    /// A table's result line: "Aucune demande.", "1 demande.", "12 demandes.", "1 007 demandes, page 1 sur 51." (the page
    /// only when there are several).
    /// </summary>
    public static string Results(long total, int page, int pageCount, string none, string singular, string plural) => total switch
    {
        0 => none,
        _ when pageCount > 1 => $"{Count(total, singular, plural)}, page {Count(page)} sur {Count(pageCount)}.",
        _ => $"{Count(total, singular, plural)}.",
    };

    /// <summary>
    /// The result line of a count stopped at a cap (the staff search, docs/decisions/0181): "Plus de 10 000 demandes, page 3."
    /// (no "sur N": the last page is not known).
    /// </summary>
    public static string ResultsBeyond(long cap, int page, string plural) => $"Plus de {Count(cap)} {plural}, page {Count(page)}.";

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{Count(bytes)} octet{(bytes > 1 ? "s" : "")}",
        < 1024 * 1024 => (bytes / 1024d).ToString("0.#", ParisTime.French) + " ko",
        _ => (bytes / 1024d / 1024d).ToString("0.#", ParisTime.French) + " Mo",
    };
}

using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Instruction;

/// <summary>
/// The staff search's filters as a query, shared by the instruction screen (<see cref="InstructionQueries.SearchAsync"/>)
/// and its CSV export, so « Exporter en CSV » gives exactly the rows the screen shows. The conditions the suppliers' table
/// also has are <see cref="RequestFiltering"/>'s; the supplier's name and SIRET are added here.
/// </summary>
public static class StaffRequestFiltering
{
    /// <summary>The column's length (<c>HasMaxLength(14)</c>): a SIRET.</summary>
    internal const int SiretLength = 14;

    /// <param name="denominations">The dénominations that hold the « fournisseur » text (<see cref="DenominationSearch"/>), or
    /// null to test the text on each request.</param>
    public static IQueryable<FinancingRequest> Filtered(
        this IQueryable<FinancingRequest> query, SegurDbContext db, StaffRequestFilter filter, IReadOnlyList<string>? denominations = null)
    {
        query = query.Filtered(db, filter.AsRequestFilter());
        if (filter.LoweredFournisseur() is { } lowered)
        {
            // The same rows either way: the names are those of the requests that hold the text (docs/decisions/0207).
            query = denominations is null
                ? query.Where(r => r.Denomination.ToLower().Contains(lowered))
                : query.Where(r => denominations.Contains(r.Denomination));
        }

        if (filter.Siret?.Replace(" ", "") is { Length: > 0 } siret)
        {
            query = query.WithSiret(siret);
        }

        return query;
    }

    /// <summary>
    /// The requests whose SIRET starts with <paramref name="siret"/> (« 14 chiffres, ou leur début »), written so that
    /// <c>IX_FinancingRequests_Staff_Siret</c> seeks them (docs/decisions/0206), where <c>StartsWith</c> (a <c>LIKE</c> or a
    /// <c>substr</c>) walked a whole staff index: a whole SIRET is an equality (the column holds 14 characters at most, so
    /// no longer SIRET starts with it), the start of one a range of digits, <c>[start, next start)</c>, beside the
    /// <c>StartsWith</c> that keeps the rows exact. The range holds every SIRET starting with those digits in any collation
    /// that orders digits (no digit is ignored by one), so it only narrows the walk. Any other text: <c>StartsWith</c> alone.
    /// </summary>
    internal static IQueryable<FinancingRequest> WithSiret(this IQueryable<FinancingRequest> query, string siret)
    {
        if (siret.Length == SiretLength)
        {
            return query.Where(r => r.Siret == siret);
        }

        if (!Seeks(siret))
        {
            return query.Where(r => r.Siret.StartsWith(siret));
        }

        query = query.Where(r => r.Siret.StartsWith(siret) && string.Compare(r.Siret, siret) >= 0);
        return NextStart(siret) is { } next ? query.Where(r => string.Compare(r.Siret, next) < 0) : query;
    }

    /// <summary>Whether the search's SIRET filter is a seek of <c>IX_FinancingRequests_Staff_Siret</c> (an equality or a range).</summary>
    public static bool SeeksSiret(this StaffRequestFilter filter) =>
        filter.Siret?.Replace(" ", "") is { Length: > 0 } siret && Seeks(siret);

    private static bool Seeks(string siret) => siret.Length == SiretLength || siret.All(char.IsAsciiDigit);

    /// <summary>
    /// The smallest digits that sort after every SIRET starting with <paramref name="start"/>: its last digit below 9 plus one,
    /// the 9s after it dropped (« 8419 » → « 842 »); null for nines only (nothing above).
    /// </summary>
    internal static string? NextStart(string start)
    {
        var last = start.TrimEnd('9');
        return last.Length == 0 ? null : string.Concat(last.AsSpan(0, last.Length - 1), ((char)(last[^1] + 1)).ToString());
    }

    /// <summary>The « fournisseur » text as the filter compares it (trimmed, lowered), or null when there is none.</summary>
    public static string? LoweredFournisseur(this StaffRequestFilter filter) =>
        filter.Fournisseur?.Trim() is { Length: > 0 } fournisseur ? fournisseur.ToLower() : null;
}

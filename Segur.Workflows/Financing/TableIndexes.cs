using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Financing;

/// <summary>
/// The indexes behind the supplier's requests table (docs/decisions/0130): one per column the table sorts by, each
/// starting with the supplier and the "not deleted" test, then the sorted column and the numéro ASP (the tie-break), then
/// every column a filter reads. A page of any filter and order is then one walk of one index, never a read of the large
/// request row (its import line comes before the status in the row) for a row that is not shown, and the count is a
/// walk of the same index. « Historisée » reads a flag of the request kept for it (decision 0181), the payment state the
/// versement's state held on the request (decision 0203).
/// On SQLite, whose decimals are text, the migration makes the three amount indexes on <c>CAST(amount AS REAL)</c>.
/// </summary>
internal static class TableIndexes
{
    public const string Prefix = "IX_FinancingRequests_Table_";

    /// <summary>The sorted columns with the index each uses.</summary>
    public static readonly IReadOnlyList<(string Name, string Column)> Sorted =
    [
        ("DateDepot", nameof(FinancingRequest.CreatedAt)),
        ("NumeroAsp", nameof(FinancingRequest.NumeroAsp)),
        ("NumeroEditeur", nameof(FinancingRequest.NumeroEditeur)),
        ("Type", nameof(FinancingRequest.Type)),
        ("Logiciel", nameof(FinancingRequest.TypeLogiciel)),
        ("NumeroAns", nameof(FinancingRequest.NumeroAns)),
        ("Statut", nameof(FinancingRequest.StatusLabel)),
        ("MontantDeclare", nameof(FinancingRequest.MontantSegurHTDeclare)),
        ("MontantRetenu", nameof(FinancingRequest.MontantRetenuHT)),
        ("MontantDecide", nameof(FinancingRequest.MontantDecide)),
    ];

    /// <summary>What the filters read, after the sorted column.</summary>
    private static readonly string[] s_filtered =
    [
        nameof(FinancingRequest.NumeroAsp), nameof(FinancingRequest.StatusLabel), nameof(FinancingRequest.Type),
        nameof(FinancingRequest.TypeLogiciel), nameof(FinancingRequest.NumeroAns), nameof(FinancingRequest.CreatedAt),
        nameof(FinancingRequest.NumeroEditeur), nameof(FinancingRequest.HasArchivedVersion), nameof(FinancingRequest.PaymentStateLabel),
        nameof(FinancingRequest.Id),
    ];

    /// <summary>
    /// The amounts, also held by the date's index: a « du … au » filter is a range of that index, so the page sorted by an
    /// amount is sorted from its entries instead of reading every request of the range (decision 0250).
    /// </summary>
    private static readonly string[] s_amounts =
    [
        nameof(FinancingRequest.MontantSegurHTDeclare), nameof(FinancingRequest.MontantRetenuHT), nameof(FinancingRequest.MontantDecide),
    ];

    public static void Configure(EntityTypeBuilder<FinancingRequest> builder)
    {
        foreach (var (name, column) in Sorted)
        {
            string[] columns =
            [
                nameof(FinancingRequest.SupplierId), nameof(FinancingRequest.DeletedAt), column, .. s_filtered.Where(c => c != column),
            ];
            if (column == nameof(FinancingRequest.CreatedAt))
            {
                columns = [.. columns[..^1], .. s_amounts, columns[^1]];
            }

            builder.HasIndex(columns).HasDatabaseName(Prefix + name);
        }

        // Not a sort: the payment state right after the supplier, so a state's count (each page past the first counts) is a
        // range of this index instead of a walk of all the supplier's entries (decision 0203). Pages still walk the sorted
        // column's index, which holds the state too.
        builder.HasIndex(
                [
                    nameof(FinancingRequest.SupplierId), nameof(FinancingRequest.DeletedAt), nameof(FinancingRequest.PaymentStateLabel),
                    .. s_filtered.Where(c => c != nameof(FinancingRequest.PaymentStateLabel)),
                ])
            .HasDatabaseName(Prefix + "Paiement");

        // The same for « Historisée » oui/non (docs/decisions/0206): its count a range, its entries by status next (the
        // historised requests are the cancelled ones, so a page sorted by status finds them at once either way).
        builder.HasIndex(
                [
                    nameof(FinancingRequest.SupplierId), nameof(FinancingRequest.DeletedAt), nameof(FinancingRequest.HasArchivedVersion),
                    nameof(FinancingRequest.StatusLabel),
                    .. s_filtered.Where(c => c is not (nameof(FinancingRequest.HasArchivedVersion) or nameof(FinancingRequest.StatusLabel))),
                ])
            .HasDatabaseName(Prefix + "Historisee");
    }
}

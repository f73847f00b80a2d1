using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Segur.Workflows.Financing;

namespace Segur.Workflows.Instruction;

/// <summary>
/// The indexes behind the staff's search over every supplier's requests (docs/decisions/0180): one per order the search
/// offers, each starting with the "not deleted" test, then the sorted column and the numéro ASP (the tie-break, same
/// direction), then every column the search's filters and the staff visibility read. A page is then one walk of one index
/// that reads the request row (~5 KB) for the 20 rows shown only; a count reads no request row either. One narrow index
/// more holds what most counts read (visibility, status, type, software, date), so counting is a walk of a third of the
/// bytes.
/// </summary>
internal static class StaffIndexes
{
    public const string Prefix = "IX_FinancingRequests_Staff_";

    /// <summary>The orders of the search with the index each uses.</summary>
    public static readonly IReadOnlyList<(string Name, string Column)> Sorted =
    [
        ("DateDepot", nameof(FinancingRequest.CreatedAt)),
        ("Numero", nameof(FinancingRequest.NumeroAsp)),
        ("Fournisseur", nameof(FinancingRequest.Denomination)),
        ("Statut", nameof(FinancingRequest.StatusLabel)),
    ];

    /// <summary>What the filters and the visibility read, after the sorted column.</summary>
    private static readonly string[] s_filtered =
    [
        nameof(FinancingRequest.NumeroAsp), nameof(FinancingRequest.Status), nameof(FinancingRequest.StatusLabel),
        nameof(FinancingRequest.Type), nameof(FinancingRequest.TypeLogiciel), nameof(FinancingRequest.CreatedAt),
        nameof(FinancingRequest.Siret), nameof(FinancingRequest.Denomination), nameof(FinancingRequest.NumeroEditeur),
        nameof(FinancingRequest.HasArchivedVersion), nameof(FinancingRequest.PaymentStateLabel), nameof(FinancingRequest.Id),
    ];

    public static void Configure(EntityTypeBuilder<FinancingRequest> builder)
    {
        foreach (var (name, column) in Sorted)
        {
            string[] columns = [nameof(FinancingRequest.DeletedAt), column, .. s_filtered.Where(c => c != column)];
            builder.HasIndex(columns).HasDatabaseName(Prefix + name);
        }

        builder.HasIndex(
                nameof(FinancingRequest.DeletedAt), nameof(FinancingRequest.Status), nameof(FinancingRequest.StatusLabel),
                nameof(FinancingRequest.Type), nameof(FinancingRequest.TypeLogiciel), nameof(FinancingRequest.CreatedAt),
                nameof(FinancingRequest.HasArchivedVersion), nameof(FinancingRequest.PaymentStateLabel))
            .HasDatabaseName(Prefix + "Count");
    }
}

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

    /// <summary>
    /// The requests as the root of a SIRET search on SQLite, told to take <c>IX_FinancingRequests_Staff_Siret</c>: without
    /// statistics SQLite prefers walking the order's index and testing the SIRET on each entry (it stops after a page), which
    /// walks the whole index when the SIRET has few requests or none (1.5–6.5 s at 400,000 on a shared machine), where the seek
    /// reads that SIRET's entries only and sorts them (decision 0206). SQLite flattens the subquery and keeps the index.
    /// </summary>
    public static IQueryable<FinancingRequest> BySiret(Persistence.SegurDbContext db) =>
        db.FinancingRequests.FromSqlRaw(SiretRoot);

    private const string SiretRoot = "SELECT * FROM \"FinancingRequests\" INDEXED BY \"" + Prefix + "Siret\"";

    public static void Configure(EntityTypeBuilder<FinancingRequest> builder)
    {
        foreach (var (name, column) in Sorted)
        {
            string[] columns = [nameof(FinancingRequest.DeletedAt), column, .. s_filtered.Where(c => c != column)];
            builder.HasIndex(columns).HasDatabaseName(Prefix + name);
        }

        // Not orders (docs/decisions/0206): the SIRET filter seeks its supplier's entries (its own order, by date, served as
        // they are), and a payment state is a range whose entries come by status (the « statut » order, the count).
        builder.HasIndex(
                [
                    nameof(FinancingRequest.DeletedAt), nameof(FinancingRequest.Siret), nameof(FinancingRequest.CreatedAt),
                    .. s_filtered.Where(c => c is not (nameof(FinancingRequest.Siret) or nameof(FinancingRequest.CreatedAt))),
                ])
            .HasDatabaseName(Prefix + "Siret");
        builder.HasIndex(
                [
                    nameof(FinancingRequest.DeletedAt), nameof(FinancingRequest.PaymentStateLabel), nameof(FinancingRequest.StatusLabel),
                    .. s_filtered.Where(c => c is not (nameof(FinancingRequest.PaymentStateLabel) or nameof(FinancingRequest.StatusLabel))),
                ])
            .HasDatabaseName(Prefix + "Paiement");

        builder.HasIndex(
                nameof(FinancingRequest.DeletedAt), nameof(FinancingRequest.Status), nameof(FinancingRequest.StatusLabel),
                nameof(FinancingRequest.Type), nameof(FinancingRequest.TypeLogiciel), nameof(FinancingRequest.CreatedAt),
                nameof(FinancingRequest.HasArchivedVersion), nameof(FinancingRequest.PaymentStateLabel))
            .HasDatabaseName(Prefix + "Count");
    }
}

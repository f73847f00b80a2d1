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
    /// The index a page in this order walks (<see cref="Sorted"/>; with <paramref name="byType"/>, the one of a single type's
    /// entries), or null for an order the search does not offer.
    /// </summary>
    public static string? OrderIndex(RequestSortColumn column, bool byType = false)
    {
        var name = column switch
        {
            RequestSortColumn.DateDepot => "DateDepot",
            RequestSortColumn.NumeroAsp => "Numero",
            RequestSortColumn.Denomination => "Fournisseur",
            RequestSortColumn.Statut => "Statut",
            _ => null,
        };
        return name is null ? null : Prefix + (byType ? "Type_" : "") + name;
    }

    /// <summary>
    /// The requests as the root of a search on SQLite that must walk <paramref name="index"/> (one of this class's names):
    /// SQLite flattens the subquery and keeps the index (decision 0234, a broad date range read in another order than the
    /// date's).
    /// </summary>
    public static IQueryable<FinancingRequest> IndexedBy(Persistence.SegurDbContext db, string index) =>
        db.FinancingRequests.FromSqlRaw(s_indexedRoots.TryGetValue(index, out var root) ? root : throw new ArgumentException($"Index inconnu : {index}.", nameof(index)));

    /// <summary>The roots <see cref="IndexedBy"/> may take: this class's own index names only, written once.</summary>
    private static readonly Dictionary<string, string> s_indexedRoots = new[] { "Siret" }
        .Concat(Sorted.SelectMany(s => new[] { s.Name, "Type_" + s.Name }))
        .ToDictionary(n => Prefix + n, n => "SELECT * FROM \"FinancingRequests\" INDEXED BY \"" + Prefix + n + "\"", StringComparer.Ordinal);

    /// <summary>
    /// The requests as the root of a SIRET search on SQLite, told to take <c>IX_FinancingRequests_Staff_Siret</c>: without
    /// statistics SQLite prefers walking the order's index and testing the SIRET on each entry (it stops after a page), which
    /// walks the whole index when the SIRET has few requests or none (1.5–6.5 s at 400,000 on a shared machine), where the seek
    /// reads that SIRET's entries only and sorts them (decision 0206). SQLite flattens the subquery and keeps the index.
    /// </summary>
    public static IQueryable<FinancingRequest> BySiret(Persistence.SegurDbContext db) => IndexedBy(db, Prefix + "Siret");

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

        // One type's entries in each order (decision 0234): a page of « solde » (30 % of the requests) deep in the search walks
        // only the solde entries before it, where the order's own index walked three entries for each one kept.
        foreach (var (name, column) in Sorted)
        {
            string[] columns =
            [
                nameof(FinancingRequest.DeletedAt), nameof(FinancingRequest.Type), column,
                .. s_filtered.Where(c => c != column && c != nameof(FinancingRequest.Type)),
            ];
            builder.HasIndex(columns).HasDatabaseName(Prefix + "Type_" + name);
        }

        // One status's entries by date, the search's first order (decision 0234): « En cours » (a third of the requests) or a
        // rarer status read deep by date walks that status's entries only. By numéro and by statut the status index serves.
        builder.HasIndex(
                [
                    nameof(FinancingRequest.DeletedAt), nameof(FinancingRequest.StatusLabel), nameof(FinancingRequest.CreatedAt),
                    .. s_filtered.Where(c => c is not (nameof(FinancingRequest.StatusLabel) or nameof(FinancingRequest.CreatedAt))),
                ])
            .HasDatabaseName(Prefix + "Statut_DateDepot");

        builder.HasIndex(
                nameof(FinancingRequest.DeletedAt), nameof(FinancingRequest.Status), nameof(FinancingRequest.StatusLabel),
                nameof(FinancingRequest.Type), nameof(FinancingRequest.TypeLogiciel), nameof(FinancingRequest.CreatedAt),
                nameof(FinancingRequest.HasArchivedVersion), nameof(FinancingRequest.PaymentStateLabel))
            .HasDatabaseName(Prefix + "Count");
    }
}

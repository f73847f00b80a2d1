using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Financing;

/// <summary>A past version of a request, shown in its "Historique" tab (e.g. "Historisée" after a cancellation).</summary>
public sealed class FinancingRequestVersion
{
    public long Id { get; init; }

    public Guid RequestId { get; init; }

    public int Number { get; init; }

    /// <summary>The status this version carries, as users read it.</summary>
    public required string Status { get; init; }

    /// <summary>JSON snapshot of the request's facts at that version.</summary>
    public required string Snapshot { get; init; }

    public DateTime CreatedAt { get; init; }
}

internal sealed class FinancingRequestVersionConfiguration : IEntityTypeConfiguration<FinancingRequestVersion>
{
    public void Configure(EntityTypeBuilder<FinancingRequestVersion> builder)
    {
        builder.ToTable("FinancingRequestVersions");
        builder.Property(v => v.Status).HasMaxLength(100);
        builder.HasIndex(v => new { v.RequestId, v.Number }).IsUnique();
        // The requests table's "Historisée" filter reads the set of requests with a historised version (docs/decisions/0130).
        builder.HasIndex(v => new { v.Status, v.RequestId });
    }
}

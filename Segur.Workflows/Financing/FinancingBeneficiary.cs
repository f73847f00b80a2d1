using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Financing;

public static class BeneficiaryKind
{
    public const string Rpps = "RPPS";
    public const string Finess = "FINESS";
}

/// <summary>
/// A beneficiary an avance finances, in a queryable row beside the request (whose import line stays JSON): the rule
/// "one Prestation Ségur per beneficiary per programme" is checked against these rows (docs/decisions/0032).
/// </summary>
public sealed class FinancingBeneficiary
{
    public long Id { get; init; }

    public Guid RequestId { get; init; }

    /// <summary>With <see cref="TypeLogiciel"/>, the programme the beneficiary is financed for (e.g. HOPITAL and PFI).</summary>
    public required string Couloir { get; init; }

    public required string TypeLogiciel { get; init; }

    /// <summary><see cref="BeneficiaryKind.Rpps"/> or <see cref="BeneficiaryKind.Finess"/>.</summary>
    public required string Kind { get; init; }

    public required string Identifier { get; init; }
}

internal sealed class FinancingBeneficiaryConfiguration : IEntityTypeConfiguration<FinancingBeneficiary>
{
    public void Configure(EntityTypeBuilder<FinancingBeneficiary> builder)
    {
        builder.ToTable("FinancingBeneficiaries");
        builder.HasOne<FinancingRequest>().WithMany().HasForeignKey(b => b.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(b => b.Couloir).HasMaxLength(50);
        builder.Property(b => b.TypeLogiciel).HasMaxLength(30);
        builder.Property(b => b.Kind).HasMaxLength(10);
        builder.Property(b => b.Identifier).HasMaxLength(20);
        builder.HasIndex(b => new { b.Couloir, b.TypeLogiciel, b.Identifier });
        builder.HasIndex(b => new { b.RequestId, b.Identifier }).IsUnique();
    }
}

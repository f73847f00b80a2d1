using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Budget;

/// <summary>
/// What has been decided on one envelope of the rule <c>enveloppesBudgetaires</c>, in cents. One row per envelope code,
/// changed only by <see cref="BudgetLedger"/>'s conditional update, which is what keeps two concurrent decisions from both
/// passing (docs/decisions/0070-budget-envelope-row.md). The envelope's amount is the definition's, not stored here.
/// </summary>
public sealed class BudgetEnvelope
{
    public required string Code { get; init; }

    /// <summary>Sum of the decided amounts engaged on the envelope, in cents (integers: exact on every database).</summary>
    public long EngagedCents { get; init; }
}

/// <summary>A decided request's draw on an envelope: which envelope, how much, when and by whom.</summary>
public sealed class EnvelopeEngagement
{
    public Guid RequestId { get; init; }

    public required string EnvelopeCode { get; init; }

    /// <summary>The envelope's label when it was engaged (the decision letter names it).</summary>
    public required string EnvelopeLabel { get; init; }

    public long AmountCents { get; init; }

    public DateTime EngagedAt { get; init; }

    public required string EngagedBy { get; init; }
}

internal sealed class BudgetEnvelopeConfiguration : IEntityTypeConfiguration<BudgetEnvelope>
{
    public void Configure(EntityTypeBuilder<BudgetEnvelope> builder)
    {
        builder.ToTable("BudgetEnvelopes");
        builder.HasKey(e => e.Code);
        builder.Property(e => e.Code).HasMaxLength(50);
    }
}

internal sealed class EnvelopeEngagementConfiguration : IEntityTypeConfiguration<EnvelopeEngagement>
{
    public void Configure(EntityTypeBuilder<EnvelopeEngagement> builder)
    {
        builder.ToTable("EnvelopeEngagements");
        builder.HasKey(e => e.RequestId);
        builder.Property(e => e.EnvelopeCode).HasMaxLength(50);
        builder.HasIndex(e => e.EnvelopeCode);
        builder.Property(e => e.EnvelopeLabel).HasMaxLength(200);
        builder.Property(e => e.EngagedBy).HasMaxLength(100);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Segur.Workflows.Engine.Runtime;

namespace Segur.Workflows.AccountChanges;

/// <summary>
/// New bank details a supplier submits with a RIB. Its status is the state of its "bank-details-change" instance; once
/// validated, they are the company's bank details for every payment put into payment afterwards.
/// </summary>
public sealed class BankDetailsChange : IWorkflowSubject, IReviewedChange
{
    public Guid Id { get; init; }

    public Guid SupplierId { get; init; }

    public required string Titulaire { get; init; }

    /// <summary>Compact, in capitals.</summary>
    public required string Iban { get; init; }

    public required string Bic { get; init; }

    public required string EmailContact { get; init; }

    public required string Denomination { get; init; }

    public required string Siret { get; init; }

    public required string SubmittedBy { get; init; }

    public DateTime SubmittedAt { get; init; }

    public DateTime? ReviewedAt { get; private set; }

    public string? ReviewComment { get; private set; }

    public string? ReviewedBy { get; private set; }

    public string Status { get; private set; } = "";

    public string StatusLabel { get; private set; } = "";

    public void OnStateEntered(string definitionId, string state, string label)
    {
        Status = state;
        StatusLabel = label;
    }

    public void RecordReview(string? comment, DateTime at, string by)
    {
        ReviewComment = comment;
        ReviewedAt = at;
        ReviewedBy = by;
    }

    /// <summary>The facts templates and guards read: the full IBAN never leaves in an e-mail, only its end.</summary>
    public IReadOnlyDictionary<string, object?> ToFacts() => new Dictionary<string, object?>
    {
        ["titulaire"] = Titulaire,
        ["ibanFin"] = BankIdentifiers.End(Iban),
        ["bic"] = Bic,
        ["emailContact"] = EmailContact,
        ["denomination"] = Denomination,
        ["siret"] = Siret,
    };
}

internal sealed class BankDetailsChangeConfiguration : IEntityTypeConfiguration<BankDetailsChange>
{
    public void Configure(EntityTypeBuilder<BankDetailsChange> builder)
    {
        builder.ToTable("BankDetailsChanges");
        builder.HasIndex(c => new { c.SupplierId, c.Status });
        builder.Property(c => c.Titulaire).HasMaxLength(200);
        builder.Property(c => c.Iban).HasMaxLength(34);
        builder.Property(c => c.Bic).HasMaxLength(11);
        builder.Property(c => c.EmailContact).HasMaxLength(200);
        builder.Property(c => c.Denomination).HasMaxLength(200);
        builder.Property(c => c.Siret).HasMaxLength(14);
        builder.Property(c => c.SubmittedBy).HasMaxLength(100);
        builder.Property(c => c.ReviewComment).HasMaxLength(2000);
        builder.Property(c => c.ReviewedBy).HasMaxLength(100);
        builder.Property(c => c.Status).HasMaxLength(100);
        builder.Property(c => c.StatusLabel).HasMaxLength(200);
    }
}

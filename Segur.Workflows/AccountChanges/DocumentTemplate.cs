using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Segur.Workflows.Engine.Runtime;

namespace Segur.Workflows.AccountChanges;

/// <summary>
/// A template of a supporting document (wave 2) that a supplier submits for the agency to check before it deposits requests.
/// Uploaded first (unconfirmed, deletable, no lifecycle yet), then confirmed: its "document-template" instance starts
/// "À instruire" and staff accept or reject it with a comment.
/// </summary>
public sealed class DocumentTemplate : IWorkflowSubject, IReviewedChange
{
    public Guid Id { get; init; }

    public Guid SupplierId { get; init; }

    /// <summary>Which supporting document it is a template of (one of <see cref="DocumentTemplates.Natures"/>).</summary>
    public required string Nature { get; init; }

    public required string FileName { get; init; }

    public required string ContentType { get; init; }

    public long Size { get; init; }

    public required string Sha256 { get; init; }

    public required string StoragePath { get; init; }

    public required string EmailContact { get; init; }

    public required string Denomination { get; init; }

    public required string UploadedBy { get; init; }

    public DateTime UploadedAt { get; init; }

    /// <summary>Null until the supplier confirms the upload (second step).</summary>
    public DateTime? ConfirmedAt { get; private set; }

    public DateTime? ReviewedAt { get; private set; }

    public string? ReviewComment { get; private set; }

    public string? ReviewedBy { get; private set; }

    public string Status { get; private set; } = "";

    public string StatusLabel { get; private set; } = "";

    public void Confirm(DateTime now)
    {
        if (ConfirmedAt is not null)
        {
            throw new BusinessRuleException($"Le modèle « {FileName} » est déjà transmis à l'ASP.");
        }

        ConfirmedAt = now;
    }

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

    public IReadOnlyDictionary<string, object?> ToFacts() => new Dictionary<string, object?>
    {
        ["nature"] = Nature,
        ["nomFichier"] = FileName,
        ["emailContact"] = EmailContact,
        ["denomination"] = Denomination,
    };
}

internal sealed class DocumentTemplateConfiguration : IEntityTypeConfiguration<DocumentTemplate>
{
    public void Configure(EntityTypeBuilder<DocumentTemplate> builder)
    {
        builder.ToTable("DocumentTemplates");
        builder.HasIndex(t => new { t.SupplierId, t.UploadedAt });
        builder.Property(t => t.Nature).HasMaxLength(100);
        builder.Property(t => t.FileName).HasMaxLength(260);
        builder.Property(t => t.ContentType).HasMaxLength(50);
        builder.Property(t => t.Sha256).HasMaxLength(64);
        builder.Property(t => t.StoragePath).HasMaxLength(400);
        builder.Property(t => t.EmailContact).HasMaxLength(200);
        builder.Property(t => t.Denomination).HasMaxLength(200);
        builder.Property(t => t.UploadedBy).HasMaxLength(100);
        builder.Property(t => t.ReviewComment).HasMaxLength(2000);
        builder.Property(t => t.ReviewedBy).HasMaxLength(100);
        builder.Property(t => t.Status).HasMaxLength(100);
        builder.Property(t => t.StatusLabel).HasMaxLength(200);
    }
}

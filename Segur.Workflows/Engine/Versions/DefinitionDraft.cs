using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Engine.Versions;

/// <summary>
/// The one open draft of a definition, as analysts edit it in the Studio. It has no version number until it is
/// published; <see cref="Token"/> grows with every save, so a save made from an older reading is refused.
/// </summary>
public sealed class DefinitionDraft
{
    public required string DefinitionId { get; init; }

    public required string Json { get; set; }

    /// <summary>The published version the draft started from (null for a new definition). Lower than the latest
    /// published one when a release or another analyst published since: the draft must be rebased.</summary>
    public int? BasedOnVersion { get; set; }

    /// <summary>Optimistic concurrency: the save of a reading with another token is refused.</summary>
    public int Token { get; set; }

    public DateTime CreatedAt { get; init; }

    public required string CreatedBy { get; init; }

    public DateTime UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }

    public void Edit(string json, string by, DateTime now)
    {
        Json = json;
        UpdatedBy = by;
        UpdatedAt = now;
        Token++;
    }

    public void Rebase(int version, string by, DateTime now)
    {
        BasedOnVersion = version;
        UpdatedBy = by;
        UpdatedAt = now;
        Token++;
    }
}

internal sealed class DefinitionDraftConfiguration : IEntityTypeConfiguration<DefinitionDraft>
{
    public void Configure(EntityTypeBuilder<DefinitionDraft> builder)
    {
        builder.ToTable("WorkflowDefinitionDrafts");
        builder.HasKey(d => d.DefinitionId);
        builder.Property(d => d.DefinitionId).HasMaxLength(100);
        builder.Property(d => d.CreatedBy).HasMaxLength(100);
        builder.Property(d => d.UpdatedBy).HasMaxLength(100);
        builder.Property(d => d.Token).IsConcurrencyToken();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Engine.Versions;

public enum DefinitionStatus
{
    /// <summary>A numbered version not in use: a release file that changed while an analyst's publication is current,
    /// kept for review (analysts' own drafts live in <see cref="DefinitionDraft"/>).</summary>
    Draft,
    Published,
}

public enum DefinitionOrigin
{
    /// <summary>Seeded from a file of definitions/ shipped with a release.</summary>
    Release,

    /// <summary>Written by an analyst in the Studio.</summary>
    Studio,
}

/// <summary>One numbered version of a definition. Published versions are immutable.</summary>
public sealed class WorkflowDefinitionVersion
{
    public required string DefinitionId { get; init; }

    public int Version { get; init; }

    public DefinitionStatus Status { get; private set; }

    public DefinitionOrigin Origin { get; init; }

    public required string Json { get; set; }

    /// <summary>SHA-256 of the release file this version came from, to recognise a changed file.</summary>
    public string? SourceHash { get; init; }

    public DateTime CreatedAt { get; init; }

    public string? CreatedBy { get; init; }

    public DateTime? PublishedAt { get; private set; }

    public string? PublishedBy { get; private set; }

    /// <summary>When this version republished an older one (a rollback), that version's number.</summary>
    public int? RestoredFrom { get; init; }

    /// <summary>A new published version carrying an analyst's draft or an older version's JSON.</summary>
    public static WorkflowDefinitionVersion Published(string id, int version, string json, DefinitionOrigin origin, string by, DateTime now, int? restoredFrom = null)
    {
        var published = new WorkflowDefinitionVersion
        {
            DefinitionId = id, Version = version, Json = json, Origin = origin, CreatedAt = now, CreatedBy = by,
            Status = DefinitionStatus.Draft, RestoredFrom = restoredFrom,
        };
        published.Publish(by, now);
        return published;
    }

    public static WorkflowDefinitionVersion Draft(string id, int version, string json, DefinitionOrigin origin, string? by, DateTime now, string? hash = null) =>
        new()
        {
            DefinitionId = id,
            Version = version,
            Json = json,
            Origin = origin,
            SourceHash = hash,
            CreatedAt = now,
            CreatedBy = by,
            Status = DefinitionStatus.Draft,
        };

    public void Publish(string by, DateTime now)
    {
        if (Status == DefinitionStatus.Published)
        {
            throw new InvalidOperationException($"La version {Version} de « {DefinitionId} » est déjà publiée.");
        }

        Status = DefinitionStatus.Published;
        PublishedAt = now;
        PublishedBy = by;
    }
}

internal sealed class WorkflowDefinitionVersionConfiguration : IEntityTypeConfiguration<WorkflowDefinitionVersion>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionVersion> builder)
    {
        builder.ToTable("WorkflowDefinitions");
        builder.HasKey(v => new { v.DefinitionId, v.Version });
        builder.Property(v => v.DefinitionId).HasMaxLength(100);
        builder.Property(v => v.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.Origin).HasConversion<string>().HasMaxLength(20);
        builder.Property(v => v.SourceHash).HasMaxLength(64);
        builder.Property(v => v.CreatedBy).HasMaxLength(100);
        builder.Property(v => v.PublishedBy).HasMaxLength(100);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Engine.Versions;

public enum DefinitionStatus
{
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

    public void EditDraft(string json)
    {
        if (Status != DefinitionStatus.Draft)
        {
            throw new InvalidOperationException($"La version {Version} de « {DefinitionId} » est publiée : elle ne peut plus être modifiée.");
        }

        Json = json;
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

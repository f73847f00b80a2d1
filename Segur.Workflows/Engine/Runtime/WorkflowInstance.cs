using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Engine.Runtime;

/// <summary>
/// The running lifecycle of one subject, pinned to the definition version it started on.
/// Written by the runtime only (hand-written SQL on the fire path); EF maps it for queries and migrations.
/// </summary>
public sealed class WorkflowInstance
{
    public Guid Id { get; init; }

    public required string DefinitionId { get; init; }

    public int DefinitionVersion { get; set; }

    public required string SubjectType { get; init; }

    public required string SubjectId { get; init; }

    public required string State { get; set; }

    /// <summary>Optimistic concurrency: incremented by every fire.</summary>
    public int Version { get; set; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> builder)
    {
        builder.ToTable("WorkflowInstances");
        builder.Property(i => i.DefinitionId).HasMaxLength(100);
        builder.Property(i => i.SubjectType).HasMaxLength(100);
        builder.Property(i => i.SubjectId).HasMaxLength(100);
        builder.Property(i => i.State).HasMaxLength(100);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => new { i.SubjectType, i.SubjectId, i.DefinitionId }).IsUnique();
        builder.HasIndex(i => new { i.DefinitionId, i.DefinitionVersion, i.State });
    }
}

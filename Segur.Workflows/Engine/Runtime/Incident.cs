using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Engine.Runtime;

/// <summary>A fire that failed (activity or expression error) and was rolled back; staff can retry it.</summary>
public sealed class Incident
{
    public Guid Id { get; init; }

    public Guid InstanceId { get; init; }

    public required string Trigger { get; init; }

    public required string ActorId { get; init; }

    /// <summary>Comma-separated roles of the actor, to retry as the same actor.</summary>
    public required string ActorRoles { get; init; }

    public string? ActorSupplierId { get; init; }

    public string? Input { get; init; }

    public required string State { get; init; }

    public required string Message { get; set; }

    public DateTime CreatedAt { get; init; }

    public int Attempts { get; set; } = 1;

    public DateTime? ResolvedAt { get; set; }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<Incident>
{
    public void Configure(EntityTypeBuilder<Incident> builder)
    {
        builder.ToTable("WorkflowIncidents");
        builder.Property(i => i.Trigger).HasMaxLength(100);
        builder.Property(i => i.ActorId).HasMaxLength(100);
        builder.Property(i => i.ActorRoles).HasMaxLength(200);
        builder.Property(i => i.ActorSupplierId).HasMaxLength(100);
        builder.Property(i => i.State).HasMaxLength(100);
        builder.HasIndex(i => new { i.ResolvedAt, i.CreatedAt });
        builder.HasIndex(i => i.InstanceId);
    }
}

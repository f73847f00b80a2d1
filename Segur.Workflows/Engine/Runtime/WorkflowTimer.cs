using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Engine.Runtime;

/// <summary>A trigger due at a time, armed when its instance entered <see cref="State"/>; deleted when it fires or the state is left.</summary>
public sealed class WorkflowTimer
{
    public Guid Id { get; init; }

    public Guid InstanceId { get; init; }

    public required string State { get; init; }

    public required string Trigger { get; init; }

    public DateTime DueAt { get; init; }
}

internal sealed class WorkflowTimerConfiguration : IEntityTypeConfiguration<WorkflowTimer>
{
    public void Configure(EntityTypeBuilder<WorkflowTimer> builder)
    {
        builder.ToTable("WorkflowTimers");
        builder.Property(t => t.State).HasMaxLength(100);
        builder.Property(t => t.Trigger).HasMaxLength(100);
        builder.HasIndex(t => t.DueAt);
        builder.HasIndex(t => t.InstanceId);
    }
}

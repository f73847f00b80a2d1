using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Engine.Runtime;

public enum StaffTaskStatus
{
    Open,
    Completed,
    Cancelled,
}

/// <summary>A human task of a state, in the staff inbox until completed with an outcome or until the state is left.</summary>
public sealed class StaffTask
{
    public Guid Id { get; init; }

    public Guid InstanceId { get; init; }

    public required string State { get; init; }

    public required string Code { get; init; }

    public required string Label { get; init; }

    /// <summary>Comma-separated roles that see the task.</summary>
    public required string Roles { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? DueAt { get; init; }

    public string? ClaimedBy { get; set; }

    public StaffTaskStatus Status { get; set; }

    public string? Outcome { get; set; }

    public string? CompletedBy { get; set; }

    public DateTime? CompletedAt { get; set; }
}

internal sealed class StaffTaskConfiguration : IEntityTypeConfiguration<StaffTask>
{
    public void Configure(EntityTypeBuilder<StaffTask> builder)
    {
        builder.ToTable("StaffTasks");
        builder.Property(t => t.State).HasMaxLength(100);
        builder.Property(t => t.Code).HasMaxLength(100);
        builder.Property(t => t.Label).HasMaxLength(200);
        builder.Property(t => t.Roles).HasMaxLength(200);
        builder.Property(t => t.ClaimedBy).HasMaxLength(100);
        builder.Property(t => t.Outcome).HasMaxLength(100);
        builder.Property(t => t.CompletedBy).HasMaxLength(100);
        builder.Property(t => t.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(t => new { t.Status, t.DueAt });
        builder.HasIndex(t => t.InstanceId);
    }
}

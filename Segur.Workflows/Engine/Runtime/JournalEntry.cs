using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Engine.Runtime;

/// <summary>One line of an instance's history: who did what, from which state to which, and what the activities did.</summary>
public sealed class JournalEntry
{
    public long Id { get; init; }

    public Guid InstanceId { get; init; }

    public DateTime At { get; init; }

    public required string ActorId { get; init; }

    /// <summary>The trigger fired; "Demarrer" when the instance starts, "Migrer" when it moves version.</summary>
    public required string Trigger { get; init; }

    public string? FromState { get; init; }

    public required string ToState { get; init; }

    /// <summary>Instance version after this entry.</summary>
    public int Version { get; init; }

    /// <summary>JSON: the input typed by the actor and the activities' reports.</summary>
    public string? Details { get; init; }
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntry>
{
    public void Configure(EntityTypeBuilder<JournalEntry> builder)
    {
        builder.ToTable("WorkflowJournal");
        builder.Property(j => j.ActorId).HasMaxLength(100);
        builder.Property(j => j.Trigger).HasMaxLength(100);
        builder.Property(j => j.FromState).HasMaxLength(100);
        builder.Property(j => j.ToState).HasMaxLength(100);
        builder.HasIndex(j => new { j.InstanceId, j.Id });
    }
}

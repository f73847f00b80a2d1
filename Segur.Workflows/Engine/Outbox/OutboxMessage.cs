using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Engine.Outbox;

/// <summary>
/// A message written in the same transaction as the state change that caused it, published to the bus
/// after commit by the <see cref="OutboxDispatcher"/>. Its id becomes the bus message id, which consumers
/// use to stay idempotent.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }

    /// <summary>The message's CLR type name, resolved through <see cref="MessageTypes"/>.</summary>
    public required string Type { get; init; }

    public required string Payload { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime? DispatchedAt { get; set; }

    /// <summary>Failed tries so far: publishing it, or its consumer handling it (each retry counts).</summary>
    public int Attempts { get; set; }

    /// <summary>Set while one dispatcher (of possibly several processes) is publishing it.</summary>
    public DateTime? LockedUntil { get; set; }

    public string? LockedBy { get; set; }

    public string? LastError { get; set; }

    /// <summary>Set when it failed <see cref="OutboxRetryOptions.MaxAttempts"/> times: staff see it on the incidents page and may re-drive it.</summary>
    public DateTime? DeadLetteredAt { get; set; }
}

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.Property(m => m.Type).HasMaxLength(200);
        builder.Property(m => m.LockedBy).HasMaxLength(100);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => new { m.DispatchedAt, m.CreatedAt });
        builder.HasIndex(m => m.DeadLetteredAt);
    }
}

/// <summary>Records that a consumer handled a message, so a redelivered message is not handled twice.</summary>
public sealed class ProcessedMessage
{
    public required string Consumer { get; init; }

    public Guid MessageId { get; init; }

    public DateTime ProcessedAt { get; init; }
}

internal sealed class ProcessedMessageConfiguration : IEntityTypeConfiguration<ProcessedMessage>
{
    public void Configure(EntityTypeBuilder<ProcessedMessage> builder)
    {
        builder.ToTable("ProcessedMessages");
        builder.HasKey(m => new { m.Consumer, m.MessageId });
        builder.Property(m => m.Consumer).HasMaxLength(200);
    }
}

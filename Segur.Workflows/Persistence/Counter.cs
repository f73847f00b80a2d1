using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Segur.Workflows.Persistence;

/// <summary>A named number handed out in order (dossier numbers, import identifiants), portable across providers.</summary>
public sealed class Counter
{
    public required string Name { get; init; }

    public long Value { get; set; }
}

internal sealed class CounterConfiguration : IEntityTypeConfiguration<Counter>
{
    public void Configure(EntityTypeBuilder<Counter> builder)
    {
        builder.ToTable("Counters");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(50);
    }
}

public static class Counters
{
    /// <summary>
    /// Reserves <paramref name="count"/> numbers and returns the first, inside the caller's transaction: the UPDATE
    /// locks the row (PostgreSQL, SQL Server) or the file (SQLite) until commit, so two imports never share a number.
    /// </summary>
    public static async Task<long> ReserveAsync(SegurDbContext db, string name, int count, CancellationToken cancellationToken)
    {
        var updated = await db.Counters.Where(c => c.Name == name)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + count), cancellationToken);
        if (updated == 0)
        {
            db.Counters.Add(new Counter { Name = name, Value = count });
            await db.SaveChangesAsync(cancellationToken);
            return 1;
        }

        var value = await db.Counters.Where(c => c.Name == name).Select(c => c.Value).SingleAsync(cancellationToken);
        return value - count + 1;
    }
}

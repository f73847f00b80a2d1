using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
    /// Reserves <paramref name="count"/> numbers and returns the first, inside the caller's transaction: the write locks the
    /// row (PostgreSQL, SQL Server) or the file (SQLite) until commit, so two writers never share a number. On PostgreSQL
    /// and SQLite one upsert: two writers reserving from a counter that does not exist yet (the first import, a new year's
    /// first contact) do not both try to create it, where the second failed on the key (decision 0228).
    /// </summary>
    public static async Task<long> ReserveAsync(SegurDbContext db, string name, int count, CancellationToken cancellationToken) =>
        (await ReserveAsync(db, [(name, count)], cancellationToken))[0];

    /// <summary>
    /// Reserves numbers from several counters (distinct names) and returns the first of each, in the order given: on
    /// PostgreSQL and SQLite one statement, whose rows are locked in that order (writers naming the same counters in the same
    /// order never wait for each other in a circle).
    /// </summary>
    public static async Task<long[]> ReserveAsync(SegurDbContext db, IReadOnlyList<(string Name, int Count)> counters, CancellationToken cancellationToken)
    {
        var firsts = new long[counters.Count];
        if (db is not SqlServerSegurDbContext)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = $"""
                INSERT INTO "Counters" ("Name", "Value") VALUES {string.Join(", ", counters.Select((_, i) => $"(@name{i}, @count{i})"))}
                ON CONFLICT ("Name") DO UPDATE SET "Value" = "Counters"."Value" + excluded."Value"
                RETURNING "Name", "Value"
                """;
            for (var i = 0; i < counters.Count; i++)
            {
                Add(command, $"@name{i}", counters[i].Name);
                Add(command, $"@count{i}", (long)counters[i].Count);
            }

            var names = counters.Select(c => c.Name).ToList();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var i = names.IndexOf(reader.GetString(0));
                firsts[i] = reader.GetInt64(1) - counters[i].Count + 1;
            }

            return firsts;
        }

        for (var i = 0; i < counters.Count; i++)
        {
            var (name, count) = counters[i];
            var updated = await db.Counters.Where(c => c.Name == name)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Value, c => c.Value + count), cancellationToken);
            if (updated == 0)
            {
                db.Counters.Add(new Counter { Name = name, Value = count });
                await db.SaveChangesAsync(cancellationToken);
                firsts[i] = 1;
                continue;
            }

            var value = await db.Counters.Where(c => c.Name == name).Select(c => c.Value).SingleAsync(cancellationToken);
            firsts[i] = value - count + 1;
        }

        return firsts;
    }

    /// <summary>
    /// PostgreSQL: reserves numbers in a transaction of their own, committed at once, so the caller's transaction holds no
    /// lock on the counters to its commit and writers needing numbers overlap (decision 0229); several counters in one
    /// statement and one commit. A caller that then fails leaves a gap: the import and dossier numbers are shared by every
    /// supplier, whose own numbers are never consecutive anyway.
    /// </summary>
    public static async Task<long[]> ReserveAtOnceAsync(SegurDatabase database, IReadOnlyList<(string Name, int Count)> counters, CancellationToken cancellationToken)
    {
        await using var db = database.CreateContext();
        return await ReserveAsync(db, counters, cancellationToken);
    }

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

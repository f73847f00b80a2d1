using Npgsql;

namespace Segur.Workflows.Persistence;

/// <summary>A column of a binary COPY: its store type and its value for a row, as the caller's rows hold it.</summary>
internal interface ICopiedColumn<in TRow>
{
    /// <summary>The column's store type as EF maps it (<c>StoreTypeNameBase</c>), in which Npgsql writes the value.</summary>
    string StoreType { get; }

    /// <summary>The value as the provider stores it; <see cref="DBNull.Value"/> for a null.</summary>
    object ValueOf(TRow row);
}

/// <summary>
/// PostgreSQL: rows of one table sent as one binary COPY on the connection's open transaction (decision 0225), each value
/// written in its column's store type. The number of rows copied is checked against the rows given. Used by the import's
/// rows (<see cref="PlainInserts"/>) and by the engine's queued INSERTs of a batch of starts (<c>EngineCopy</c>).
/// </summary>
internal static class BinaryCopy
{
    public static async Task SendAsync<TRow>(
        NpgsqlConnection connection, string copy, IReadOnlyList<ICopiedColumn<TRow>> columns, IReadOnlyList<TRow> rows, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(copy, ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            foreach (var column in columns)
            {
                await writer.WriteAsync(column.ValueOf(row), column.StoreType, ct);
            }
        }

        var copied = await writer.CompleteAsync(ct);
        if (copied != (ulong)rows.Count)
        {
            throw new InvalidOperationException($"{copied} rows of {rows.Count} were copied by {copy}: the write is undone.");
        }
    }
}

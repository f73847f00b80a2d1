using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Segur.Workflows.Persistence;

/// <summary>
/// New rows of mapped entities sent with plain prepared INSERTs inside the caller's transaction, without the change
/// tracker: for writes of hundreds of rows (an import) where EF's SaveChanges costs several times the database's work
/// (docs/decisions/0136-import-rows-by-plain-sql.md). Columns and values come from the EF model and its type mappings,
/// so a row is stored exactly as EF would store it and a column added to the model is inserted too. On SQLite up to
/// 100 rows go in one multi-row INSERT (or one JSON text per table, decision 0240); on PostgreSQL each table goes as one
/// binary COPY (decision 0225); SQL Server takes the rows as batches of INSERTs, in a few round trips. Tables are sent in the order they were added (parents before children).
/// </summary>
public sealed class PlainInserts(SegurDbContext db)
{
    /// <summary>SQL Server takes at most 2,100 parameters per request.</summary>
    private const int MaxParametersPerBatch = 2000;

    /// <summary>Most rows in one multi-row INSERT on SQLite.</summary>
    private const int RowsPerStatement = 100;

    /// <summary>Most parameters in one SQLite INSERT (named parameters cost n² to bind: keep n small).</summary>
    private const int MaxParametersPerStatement = 64;

    private readonly List<PlainRows> _pending = [];

    /// <summary>SQLite: send every row by parameters, never by JSON (the tests compare both ways).</summary>
    internal bool ByParameters { get; init; }

    public PlainInserts Add<T>(IReadOnlyList<T> rows) where T : class
    {
        if (rows.Count > 0)
        {
            _pending.Add(new PlainRows(Table.Of(db, typeof(T)), rows.Cast<object>().ToList(), null));
        }

        return this;
    }

    /// <summary>Rows made ready by <see cref="Prepare{T}"/> (before the write): on SQLite their values are already one JSON text.</summary>
    public PlainInserts Add(PlainRows rows)
    {
        if (rows.Rows.Count > 0)
        {
            _pending.Add(rows);
        }

        return this;
    }

    /// <summary>
    /// Makes <paramref name="rows"/> ready to be sent by a later write, with no I/O: on SQLite their values converted as the
    /// provider stores them and written as one JSON text, so the write runs one statement for the whole table and no per-row
    /// work of ours (decision 0240). <paramref name="db"/> only gives the model: any context of the same provider.
    /// </summary>
    public static PlainRows Prepare<T>(SegurDbContext db, IReadOnlyList<T> rows) where T : class
    {
        var table = Table.Of(db, typeof(T));
        var list = rows.Cast<object>().ToList();
        return new PlainRows(table, list, db is SqliteSegurDbContext && list.Count > 0 ? table.Json(list) : null);
    }

    public async Task SendAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("PlainInserts needs the caller's open transaction.");
        if (connection is Npgsql.NpgsqlConnection npgsql)
        {
            // Each table as one binary COPY (decision 0225): the same rows sent as a batch of INSERTs cost the server about
            // twice as much (parsing, planning and running each statement).
            foreach (var (table, rows, _) in _pending)
            {
                await BinaryCopy.SendAsync(npgsql, table.CopySql, table.Columns, rows, ct);
            }
        }
        else if (connection.CanCreateBatch)
        {
            await SendInBatchesAsync(connection, transaction, ct);
        }
        else
        {
            // Several rows per statement (SQLite runs each statement's VALUES in one step), one prepared statement for the
            // full groups (its parameters given new values group after group) and one for the rest. Few parameters per
            // statement: SQLite finds a named parameter by a linear search, so a statement of n parameters costs n² to
            // prepare and bind (600 per statement made 10,000 beneficiaries cost seconds under load, decision 0175).
            foreach (var (table, rows, prepared) in _pending)
            {
                if (!ByParameters && (prepared ?? table.Json(rows)) is { } json)
                {
                    // The whole table in one statement: SQLite reads the rows from one JSON text (json_each), so the
                    // write holds no per-row work of ours (binding, conversions): that was done before, or here once.
                    await using var all = connection.CreateCommand();
                    all.Transaction = transaction;
                    all.CommandText = table.JsonSql;
                    var parameter = all.CreateParameter();
                    parameter.ParameterName = "@rows";
                    parameter.Value = json;
                    all.Parameters.Add(parameter);
                    var inserted = await all.ExecuteNonQueryAsync(ct);
                    if (inserted != rows.Count)
                    {
                        throw new InvalidOperationException($"{inserted} rows of {rows.Count} were inserted from their JSON: the write is undone.");
                    }

                    continue;
                }

                var perStatement = Math.Clamp(MaxParametersPerStatement / table.Columns.Count, 1, RowsPerStatement);
                DbCommand? full = null;
                try
                {
                    foreach (var group in rows.Chunk(perStatement))
                    {
                        if (group.Length < perStatement)
                        {
                            await using var rest = table.Command(connection, transaction, group.Length);
                            table.SetValues(rest, group);
                            await rest.ExecuteNonQueryAsync(ct);
                            continue;
                        }

                        full ??= table.Command(connection, transaction, perStatement);
                        table.SetValues(full, group);
                        await full.ExecuteNonQueryAsync(ct);
                    }
                }
                finally
                {
                    if (full is not null)
                    {
                        await full.DisposeAsync();
                    }
                }
            }
        }

        _pending.Clear();
    }

    private async Task SendInBatchesAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var factory = connection.CreateCommand();
        var batch = connection.CreateBatch();
        var parameters = 0;
        try
        {
            foreach (var (table, rows, _) in _pending)
            {
                foreach (var row in rows)
                {
                    if (parameters + table.Columns.Count > MaxParametersPerBatch)
                    {
                        await ExecuteAsync(batch);
                        await batch.DisposeAsync();
                        batch = connection.CreateBatch();
                        parameters = 0;
                    }

                    var command = batch.CreateBatchCommand();
                    command.CommandText = table.Sql;
                    table.AddParameters(factory, command.Parameters, row, 0);
                    batch.BatchCommands.Add(command);
                    parameters += table.Columns.Count;
                }
            }

            await ExecuteAsync(batch);
        }
        finally
        {
            await batch.DisposeAsync();
        }

        async Task ExecuteAsync(DbBatch full)
        {
            if (full.BatchCommands.Count > 0)
            {
                full.Transaction = transaction;
                await full.ExecuteNonQueryAsync(ct);
            }
        }
    }

    internal sealed record Column(string Name, IClrPropertyGetter Getter, RelationalTypeMapping Mapping, bool Nullable) : ICopiedColumn<object>
    {
        string ICopiedColumn<object>.StoreType => Mapping.StoreTypeNameBase;

        object ICopiedColumn<object>.ValueOf(object row) => ProviderValue(row);

        /// <summary>
        /// Writes the value as SQLite stores it when Microsoft.Data.Sqlite binds it (texts for GUIDs in capitals, dates,
        /// decimals; integers for whole numbers and booleans): false for a value it cannot write so (the rows then go by
        /// parameters). A test compares both ways column by column (PlainInsertsTests).
        /// </summary>
        public bool TryWriteJson(Utf8JsonWriter writer, object row) => SqliteJson.TryWrite(writer, ProviderValue(row));

        /// <summary>The value as the provider stores it, as <see cref="RelationalTypeMapping.CreateParameter"/> would set it.</summary>
        public object ProviderValue(object row)
        {
            var value = Getter.GetClrValueUsingContainingEntity(row);
            if (value is not null && Mapping.Converter is { } converter)
            {
                value = converter.ConvertToProvider(value);
            }
            else if (value is Enum)
            {
                value = Convert.ChangeType(value, Enum.GetUnderlyingType(value.GetType()), System.Globalization.CultureInfo.InvariantCulture);
            }

            return value ?? DBNull.Value;
        }
    }

    internal sealed class Table
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type Context, Type Entity), Table> s_tables = new();

        private readonly string _head;

        private Table(string head, string copy, IReadOnlyList<Column> columns)
        {
            _head = head;
            CopySql = copy;
            Columns = columns;
            Sql = SqlFor(1);
        }

        /// <summary>PostgreSQL: the binary COPY of the columns, in <see cref="Columns"/>' order.</summary>
        public string CopySql { get; }

        /// <summary>The INSERT of one row.</summary>
        public string Sql { get; }

        /// <summary>SQLite: the INSERT of every row of one JSON array of arrays (<see cref="Json"/>), in the array's order.</summary>
        public string JsonSql => _head[..^"VALUES ".Length] + "SELECT " + string.Join(", ", Columns.Select((_, i) => $"value ->> {i}")) +
                                 " FROM json_each(@rows) ORDER BY key";

        /// <summary>
        /// The rows as one JSON array of arrays, values as SQLite stores them; null when a value cannot be written so or a row
        /// is wider than <see cref="SqliteJson.MaxRowBytes"/>.
        /// </summary>
        public string? Json(IReadOnlyList<object> rows)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(rows.Count * Columns.Count * 24 + 16);
            using (var writer = new Utf8JsonWriter(buffer, SqliteJson.WriterOptions))
            {
                writer.WriteStartArray();
                foreach (var row in rows)
                {
                    var before = writer.BytesCommitted + writer.BytesPending;
                    writer.WriteStartArray();
                    foreach (var column in Columns)
                    {
                        if (!column.TryWriteJson(writer, row))
                        {
                            return null;
                        }
                    }

                    writer.WriteEndArray();
                    if (writer.BytesCommitted + writer.BytesPending - before > SqliteJson.MaxRowBytes)
                    {
                        return null;
                    }
                }

                writer.WriteEndArray();
            }

            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }


        /// <summary>The INSERT of <paramref name="rows"/> rows, whose parameters are numbered row after row.</summary>
        public string SqlFor(int rows) => _head + string.Join(", ", Enumerable.Range(0, rows).Select(r =>
            "(" + string.Join(", ", Columns.Select((_, i) => Name(r, i))) + ")"));

        public IReadOnlyList<Column> Columns { get; }

        public static Table Of(SegurDbContext db, Type entity) => s_tables.GetOrAdd((db.GetType(), entity), key => Build(db, key.Entity));

        /// <summary>Adds the parameters of <paramref name="row"/>, the <paramref name="position"/>-th row of its statement.</summary>
        public void AddParameters(DbCommand factory, DbParameterCollection parameters, object row, int position)
        {
            for (var i = 0; i < Columns.Count; i++)
            {
                var column = Columns[i];
                parameters.Add(column.Mapping.CreateParameter(factory, Name(position, i), column.Getter.GetClrValueUsingContainingEntity(row), column.Nullable));
            }
        }

        /// <summary>
        /// A command inserting <paramref name="rows"/> rows, its parameters made by the columns' type mappings (with the
        /// first values given later by <see cref="SetValues"/>): prepared once, run for each group of that size.
        /// </summary>
        public DbCommand Command(DbConnection connection, DbTransaction transaction, int rows)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqlFor(rows);
            for (var r = 0; r < rows; r++)
            {
                for (var i = 0; i < Columns.Count; i++)
                {
                    var column = Columns[i];
                    command.Parameters.Add(column.Mapping.CreateParameter(command, Name(r, i), null, column.Nullable));
                }
            }

            return command;
        }

        /// <summary>Gives the parameters of <paramref name="command"/> (made by <see cref="Command"/>) the values of <paramref name="rows"/>.</summary>
        public void SetValues(DbCommand command, IReadOnlyList<object> rows)
        {
            var parameters = command.Parameters;
            for (var r = 0; r < rows.Count; r++)
            {
                for (var i = 0; i < Columns.Count; i++)
                {
                    parameters[r * Columns.Count + i].Value = Columns[i].ProviderValue(rows[r]);
                }
            }
        }

        private static string Name(int row, int column) =>
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"@p{row}_{column}");

        private static Table Build(SegurDbContext db, Type clrType)
        {
            var entity = db.Model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not mapped.");
            if (entity.GetComplexProperties().Any() || entity.GetNavigations().Any(n => n.TargetEntityType.IsOwned()))
            {
                throw new NotSupportedException($"{clrType.Name} has owned or complex parts: insert it through EF.");
            }

            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var columns = new List<Column>();
            foreach (var property in entity.GetProperties())
            {
                if (property.GetColumnName(store) is not { } name)
                {
                    continue;
                }

                if (property.IsPrimaryKey() && property.ValueGenerated != ValueGenerated.Never && property.ClrType is var type && (type == typeof(long) || type == typeof(int)))
                {
                    continue; // numbered by the database (autoincrement, identity)
                }

                if (property.IsShadowProperty() || property.IsConcurrencyToken
                    || property.FindAnnotation(RelationalAnnotationNames.DefaultValue) is not null
                    || property.FindAnnotation(RelationalAnnotationNames.DefaultValueSql) is not null)
                {
                    throw new NotSupportedException($"{clrType.Name}.{property.Name} has a shadow, default or concurrency value: insert it through EF.");
                }

                columns.Add(new Column(name, property.GetGetter(), property.GetRelationalTypeMapping(), property.IsNullable));
            }

            var target = $"{sql.DelimitIdentifier(store.Name, store.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))})";
            return new Table($"INSERT INTO {target} VALUES ", $"COPY {target} FROM STDIN (FORMAT BINARY)", columns);
        }
    }
}

/// <summary>Rows of one table made ready before a write (<see cref="PlainInserts.Prepare{T}"/>).</summary>
public sealed class PlainRows
{
    internal PlainRows(PlainInserts.Table table, IReadOnlyList<object> rows, string? json)
    {
        Table = table;
        Rows = rows;
        Json = json;
    }

    internal PlainInserts.Table Table { get; }

    internal IReadOnlyList<object> Rows { get; }

    /// <summary>SQLite: the rows' values as one JSON text; null elsewhere or when a value cannot be written so.</summary>
    internal string? Json { get; }

    internal void Deconstruct(out PlainInserts.Table table, out IReadOnlyList<object> rows, out string? json)
    {
        table = Table;
        rows = Rows;
        json = Json;
    }
}

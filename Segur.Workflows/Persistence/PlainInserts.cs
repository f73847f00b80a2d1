using System.Data.Common;
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
/// 100 rows go in one multi-row INSERT; where the provider takes batches (PostgreSQL, SQL Server) the
/// rows go in a few round trips. Tables are sent in the order they were added (parents before children).
/// </summary>
public sealed class PlainInserts(SegurDbContext db)
{
    /// <summary>SQL Server takes at most 2,100 parameters per request.</summary>
    private const int MaxParametersPerBatch = 2000;

    /// <summary>Most rows in one multi-row INSERT on SQLite.</summary>
    private const int RowsPerStatement = 100;

    /// <summary>Most parameters in one SQLite INSERT (named parameters cost n² to bind: keep n small).</summary>
    private const int MaxParametersPerStatement = 64;

    private readonly List<(Table Table, IReadOnlyList<object> Rows)> _pending = [];

    public PlainInserts Add<T>(IReadOnlyList<T> rows) where T : class
    {
        if (rows.Count > 0)
        {
            _pending.Add((Table.Of(db, typeof(T)), rows.Cast<object>().ToList()));
        }

        return this;
    }

    public async Task SendAsync(CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("PlainInserts needs the caller's open transaction.");
        if (connection.CanCreateBatch)
        {
            await SendInBatchesAsync(connection, transaction, ct);
        }
        else
        {
            // Several rows per statement (SQLite runs each statement's VALUES in one step), one prepared statement for the
            // full groups (its parameters given new values group after group) and one for the rest. Few parameters per
            // statement: SQLite finds a named parameter by a linear search, so a statement of n parameters costs n² to
            // prepare and bind (600 per statement made 10,000 beneficiaries cost seconds under load, decision 0175).
            foreach (var (table, rows) in _pending)
            {
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
            foreach (var (table, rows) in _pending)
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

    private sealed record Column(string Name, IClrPropertyGetter Getter, RelationalTypeMapping Mapping, bool Nullable)
    {
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

    private sealed class Table
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type Context, Type Entity), Table> s_tables = new();

        private readonly string _head;

        private Table(string head, IReadOnlyList<Column> columns)
        {
            _head = head;
            Columns = columns;
            Sql = SqlFor(1);
        }

        /// <summary>The INSERT of one row.</summary>
        public string Sql { get; }

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

            return new Table($"INSERT INTO {sql.DelimitIdentifier(store.Name, store.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ", columns);
        }
    }
}

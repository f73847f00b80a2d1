using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Runtime;

/// <summary>
/// The engine's own rows written with plain SQL on the fire path: EF's change tracking costs more than the
/// commit itself there (see docs/benchmarks.md). The SQL is standard and quoted, so the same text runs on
/// SQLite, PostgreSQL and SQL Server; parameters go through EF's type mappings so values are stored
/// exactly as EF stores them (GUIDs as text on SQLite, UTC timestamps...). The writes of a fire are queued and sent
/// together by <see cref="FlushAsync"/>: on PostgreSQL one round trip instead of one per statement.
/// </summary>
internal sealed class EngineSql
{
    private readonly SegurDbContext? _db;
    private readonly WriteScope? _write;
    private readonly DbConnection _connection;
    private readonly IRelationalTypeMappingSource _mappings;
    private readonly DatabaseProvider _provider;

    public EngineSql(SegurDbContext db)
    {
        _db = db;
        _connection = db.Database.GetDbConnection();
        _mappings = db.GetService<IRelationalTypeMappingSource>();
        _provider = db switch
        {
            SqliteSegurDbContext => DatabaseProvider.Sqlite,
            PostgreSqlSegurDbContext => DatabaseProvider.PostgreSql,
            _ => DatabaseProvider.SqlServer,
        };
        _keepsPrepared = _provider == DatabaseProvider.Sqlite;
    }

    /// <summary>
    /// On the writer's own transaction, with no context at all (a fire needs none): the SQLite writer loop's (decision 0220)
    /// or a PostgreSQL write's (decision 0223); the type mappings are those of the application's contexts.
    /// </summary>
    private EngineSql(WriteScope write, DbTransaction transaction, SegurDatabase database)
    {
        _write = write;
        _connection = transaction.Connection ?? throw new InvalidOperationException("The writer's transaction has no connection.");
        _mappings = database.TypeMappings;
        _provider = database.Provider;
        _keepsPrepared = _provider == DatabaseProvider.Sqlite;
    }

    /// <summary>The engine's SQL for a write: on the writer's transaction when the write has no context yet.</summary>
    public static EngineSql For(WriteScope scope, SegurDatabase database) =>
        scope.CreatedDb is null && scope.Transaction is { } transaction
            ? new EngineSql(scope, transaction, database)
            : new EngineSql(scope.Db);

    private readonly List<PendingStatement> _pending = [];

    /// <summary>
    /// SQLite: the engine's statements stay prepared on their connection (the writer loop keeps one for its life): parsing
    /// them again on every fire was a large share of a fire's CPU (docs/benchmarks.md, Findings; decision 0177).
    /// PostgreSQL prepares them itself (auto-prepare, <see cref="SegurDatabase"/>).
    /// </summary>
    private static readonly ConditionalWeakTable<DbConnection, Dictionary<string, KeptCommand>> s_prepared = new();

    private readonly bool _keepsPrepared;

    /// <summary>Forgets the queued writes without sending them (a Studio simulation).</summary>
    public void Discard() => _pending.Clear();

    private DbTransaction? Transaction => _write is not null ? _write.Transaction : _db?.Database.CurrentTransaction?.GetDbTransaction();

    /// <summary>
    /// Inside a transaction on PostgreSQL or SQL Server the row is locked until the commit: a simultaneous fire on the
    /// same instance (another process) waits here, then reads the new version and is refused as a conflict. Without the
    /// lock both read the same version, the loser's version check matched no row and its journal insert then broke the
    /// unique (instance, version) index: a 500 and an incident instead of a 409 (issue 7, RealProcessesTests).
    /// SQLite needs nothing: one writer at a time.
    /// </summary>
    public async Task<InstanceRow?> ReadInstanceAsync(Guid id, CancellationToken ct)
    {
        var locking = Transaction is not null;
        var sql = _provider switch
        {
            DatabaseProvider.PostgreSql when locking =>
                """SELECT "DefinitionId", "DefinitionVersion", "SubjectType", "SubjectId", "State", "Version" FROM "WorkflowInstances" WHERE "Id" = @id FOR UPDATE""",
            DatabaseProvider.SqlServer when locking =>
                """SELECT "DefinitionId", "DefinitionVersion", "SubjectType", "SubjectId", "State", "Version" FROM "WorkflowInstances" WITH (UPDLOCK, ROWLOCK) WHERE "Id" = @id""",
            _ => """SELECT "DefinitionId", "DefinitionVersion", "SubjectType", "SubjectId", "State", "Version" FROM "WorkflowInstances" WHERE "Id" = @id""",
        };
        var command = _keepsPrepared ? Prepared(sql, ("@id", id)) : Command(sql, ("@id", id));
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return null;
            }

            return new InstanceRow(id, reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5));
        }
        finally
        {
            if (!_keepsPrepared)
            {
                await command.DisposeAsync();
            }
        }
    }

    public void InsertInstance(InstanceRow row, DateTime now) => Defer(
        """
        INSERT INTO "WorkflowInstances" ("Id", "DefinitionId", "DefinitionVersion", "SubjectType", "SubjectId", "State", "Version", "CreatedAt", "UpdatedAt")
        VALUES (@id, @def, @defVersion, @subjectType, @subjectId, @state, @version, @now, @now)
        """,
        ("@id", row.Id), ("@def", row.DefinitionId), ("@defVersion", row.DefinitionVersion), ("@subjectType", row.SubjectType),
        ("@subjectId", row.SubjectId), ("@state", row.State), ("@version", row.Version), ("@now", now));

    /// <summary>Queued; <see cref="FlushAsync"/> answers false when another fire changed the instance since it was read.</summary>
    public void UpdateInstance(Guid id, string state, int definitionVersion, int expectedVersion, DateTime now) =>
        Defer(
            """
            UPDATE "WorkflowInstances" SET "State" = @state, "DefinitionVersion" = @defVersion, "Version" = @next, "UpdatedAt" = @now
            WHERE "Id" = @id AND "Version" = @expected
            """,
            isVersionCheck: true, ("@state", state), ("@defVersion", definitionVersion), ("@next", expectedVersion + 1), ("@now", now), ("@id", id),
            ("@expected", expectedVersion));

    public void InsertJournal(Guid instanceId, DateTime at, string actorId, string trigger, string? from, string to, int version, string? details) =>
        Defer(
            """
            INSERT INTO "WorkflowJournal" ("InstanceId", "At", "ActorId", "Trigger", "FromState", "ToState", "Version", "Details")
            VALUES (@instance, @at, @actor, @trigger, @from, @to, @version, @details)
            """,
            ("@instance", instanceId), ("@at", at), ("@actor", actorId), ("@trigger", trigger), ("@from", (object?)from ?? TypedNull.String), ("@to", to),
            ("@version", version), ("@details", (object?)details ?? TypedNull.String));

    public void InsertOutbox(Guid id, string type, string payload, DateTime now) => Defer(
        """
        INSERT INTO "OutboxMessages" ("Id", "Type", "Payload", "CreatedAt", "Attempts")
        VALUES (@id, @type, @payload, @now, 0)
        """,
        ("@id", id), ("@type", type), ("@payload", payload), ("@now", now));

    public void InsertTimer(Guid id, Guid instanceId, string state, string trigger, DateTime dueAt) => Defer(
        """
        INSERT INTO "WorkflowTimers" ("Id", "InstanceId", "State", "Trigger", "DueAt") VALUES (@id, @instance, @state, @trigger, @due)
        """,
        ("@id", id), ("@instance", instanceId), ("@state", state), ("@trigger", trigger), ("@due", dueAt));

    public void DeleteTimers(Guid instanceId) =>
        Defer("""DELETE FROM "WorkflowTimers" WHERE "InstanceId" = @instance""", ("@instance", instanceId));

    /// <summary>False when the timer already fired or its state was left: the caller must do nothing.</summary>
    public async Task<bool> ClaimTimerAsync(Guid timerId, CancellationToken ct) =>
        await ExecuteAsync("""DELETE FROM "WorkflowTimers" WHERE "Id" = @id""", ct, ("@id", timerId)) == 1;

    public void InsertTask(Guid id, Guid instanceId, string state, string code, string label, string roles, DateTime now, DateTime? dueAt) =>
        Defer(
            """
            INSERT INTO "StaffTasks" ("Id", "InstanceId", "State", "Code", "Label", "Roles", "CreatedAt", "DueAt", "Status")
            VALUES (@id, @instance, @state, @code, @label, @roles, @now, @due, 'Open')
            """,
            ("@id", id), ("@instance", instanceId), ("@state", state), ("@code", code), ("@label", label), ("@roles", roles),
            ("@now", now), ("@due", dueAt is { } due ? (object)due : TypedNull.DateTime));

    public void CancelOpenTasks(Guid instanceId, DateTime now) => Defer(
        """UPDATE "StaffTasks" SET "Status" = 'Cancelled', "CompletedAt" = @now WHERE "InstanceId" = @instance AND "Status" = 'Open'""",
        ("@now", now), ("@instance", instanceId));

    /// <summary>False when the task is no longer open (completed or cancelled by someone else).</summary>
    public async Task<bool> CompleteTaskAsync(Guid taskId, string outcome, string actorId, DateTime now, CancellationToken ct) =>
        await ExecuteAsync(
            """
            UPDATE "StaffTasks" SET "Status" = 'Completed', "Outcome" = @outcome, "CompletedBy" = @actor, "CompletedAt" = @now
            WHERE "Id" = @id AND "Status" = 'Open'
            """,
            ct, ("@outcome", outcome), ("@actor", actorId), ("@now", now), ("@id", taskId)) == 1;

    /// <summary>
    /// Sends the queued writes, in order: in one round trip where the provider takes a batch (PostgreSQL, SQL Server), one
    /// statement after the other otherwise (SQLite, in-process, has no round trip to save). False when the queued instance
    /// update found another version: the caller must throw (its transaction is then rolled back).
    /// </summary>
    public async Task<bool> FlushAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return true;
        }

        var applied = true;
        if (_connection.CanCreateBatch)
        {
            await using var batch = _connection.CreateBatch();
            batch.Transaction = Transaction;
            await using var parameters = _connection.CreateCommand();
            foreach (var statement in _pending)
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = Fill(command.Parameters, parameters, statement.Sql, statement.Parameters);

                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(ct);
            for (var i = 0; i < _pending.Count; i++)
            {
                applied &= !_pending[i].IsVersionCheck || batch.BatchCommands[i].RecordsAffected == 1;
            }
        }
        else
        {
            // One statement after the other (SQLite, in-process, has no round trip to save), each text prepared once on
            // its connection and run again with new parameters (a batch of starts sends hundreds of the same INSERTs).
            foreach (var statement in _pending)
            {
                var command = Prepared(statement.Sql, statement.Parameters);
                var rows = await command.ExecuteNonQueryAsync(ct);
                applied &= !statement.IsVersionCheck || rows == 1;
            }
        }

        _pending.Clear();
        return applied;
    }

    /// <summary>
    /// A batch of starts (<see cref="WorkflowRuntime.StartManyInTransactionAsync"/>), decision 0240: on SQLite the queued
    /// INSERTs of each text go as one statement that reads their rows from one JSON text (json_each), so 200 starts are 4
    /// statements instead of 800, the values stored as their parameters would store them; on PostgreSQL they go as one binary
    /// COPY per table (<see cref="EngineCopy"/>, decision 0225). Tables go in the order they first appear (an instance before
    /// its timer). Anything else queued, or SQL Server: <see cref="FlushAsync"/>.
    /// </summary>
    public async Task FlushInsertsAsync(CancellationToken ct)
    {
        if (_provider == DatabaseProvider.PostgreSql && _db is not null && _connection is Npgsql.NpgsqlConnection npgsql && _pending.Count > 0
            && await EngineCopy.TrySendAsync(npgsql, _db.Model, _pending, ct))
        {
            // One binary COPY per table (decision 0225).
            _pending.Clear();
            return;
        }

        if (!_keepsPrepared || _pending.Count == 0)
        {
            await FlushAsync(ct);
            return;
        }

        var groups = new List<(JsonInsert Insert, List<PendingStatement> Rows)>();
        foreach (var statement in _pending)
        {
            if (statement.IsVersionCheck || JsonInsert.Of(statement.Sql) is not { } insert)
            {
                await FlushAsync(ct);
                return;
            }

            var group = groups.FindIndex(g => ReferenceEquals(g.Insert, insert));
            if (group < 0)
            {
                groups.Add((insert, [statement]));
            }
            else
            {
                groups[group].Rows.Add(statement);
            }
        }

        var texts = new List<string>(groups.Count);
        foreach (var (insert, rows) in groups)
        {
            if (insert.Json(rows) is not { } json)
            {
                await FlushAsync(ct);
                return;
            }

            texts.Add(json);
        }

        for (var i = 0; i < groups.Count; i++)
        {
            var (insert, rows) = groups[i];
            await using var command = _connection.CreateCommand();
            command.CommandText = insert.Sql;
            command.Transaction = Transaction;
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@rows";
            parameter.Value = texts[i];
            command.Parameters.Add(parameter);
            var inserted = await command.ExecuteNonQueryAsync(ct);
            if (inserted != rows.Count)
            {
                throw new InvalidOperationException($"{inserted} rows of {rows.Count} were inserted from their JSON: the write is undone.");
            }
        }

        _pending.Clear();
    }

    /// <summary>An INSERT … VALUES of the engine turned into INSERT … SELECT … FROM json_each(@rows) (SQLite).</summary>
    private sealed class JsonInsert
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonInsert?> s_inserts = new(StringComparer.Ordinal);
        private static readonly System.Text.RegularExpressions.Regex s_values = new(
            @"^\s*(?<head>INSERT INTO [^()]+\([^()]+\))\s*VALUES\s*\((?<values>[^()]+)\)\s*$",
            System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private JsonInsert(string sql, IReadOnlyList<string> names)
        {
            Sql = sql;
            Names = names;
        }

        public string Sql { get; }

        /// <summary>The parameters, in the order of a row's JSON array.</summary>
        private IReadOnlyList<string> Names { get; }

        public static JsonInsert? Of(string sql) => s_inserts.GetOrAdd(sql, static text =>
        {
            var match = s_values.Match(text);
            if (!match.Success)
            {
                return null;
            }

            var names = new List<string>();
            var select = new List<string>();
            foreach (var item in match.Groups["values"].Value.Split(',').Select(v => v.Trim()))
            {
                if (item.StartsWith('@'))
                {
                    if (!names.Contains(item))
                    {
                        names.Add(item);
                    }

                    select.Add($"value ->> {names.IndexOf(item)}");
                }
                else
                {
                    select.Add(item);
                }
            }

            return new JsonInsert($"{match.Groups["head"].Value} SELECT {string.Join(", ", select)} FROM json_each(@rows) ORDER BY key", names);
        });

        /// <summary>The rows' values as one JSON array of arrays; null when one of them cannot be written so or a row is too wide.</summary>
        public string? Json(List<PendingStatement> rows)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>(rows.Count * Names.Count * 32 + 16);
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, SqliteJson.WriterOptions))
            {
                writer.WriteStartArray();
                foreach (var row in rows)
                {
                    var before = writer.BytesCommitted + writer.BytesPending;
                    writer.WriteStartArray();
                    foreach (var name in Names)
                    {
                        var found = Array.FindIndex(row.Parameters, p => p.Name == name);
                        if (found < 0 || !SqliteJson.TryWrite(writer, row.Parameters[found].Value ?? DBNull.Value))
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
    }

    private void Defer(string sql, params (string Name, object? Value)[] parameters) => Defer(sql, isVersionCheck: false, parameters);

    private void Defer(string sql, bool isVersionCheck, params (string Name, object? Value)[] parameters)
    {
        if (_provider == DatabaseProvider.Sqlite)
        {
            // SQLite binds a null alike whatever its type: its kept statements and JSON inserts see a plain null, as before.
            for (var i = 0; i < parameters.Length; i++)
            {
                if (parameters[i].Value is TypedNull)
                {
                    parameters[i].Value = null;
                }
            }
        }

        _pending.Add(new PendingStatement(sql, parameters, isVersionCheck));
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The connection's command for <paramref name="sql"/>, kept prepared between uses, its parameters given the new
    /// values: the parameters stay too (made once by EF's type mapping of their value's type; a value of another type, or a
    /// null after a value, makes that one again), so a fire allocates no parameter and looks up no mapping (decision 0220).
    /// </summary>
    private DbCommand Prepared(string sql, params (string Name, object? Value)[] values)
    {
        var commands = s_prepared.GetValue(_connection, static _ => new Dictionary<string, KeptCommand>(StringComparer.Ordinal));
        if (!commands.TryGetValue(sql, out var kept))
        {
            var created = _connection.CreateCommand();
            created.CommandText = sql;
            kept = new KeptCommand(created);
            commands.Add(sql, kept);
        }

        kept.Command.Transaction = Transaction;
        kept.Bind(this, values);
        return kept.Command;
    }

    /// <summary>A kept command and, for each of its parameters, the value type and the mapping it was made with.</summary>
    private sealed class KeptCommand(DbCommand command)
    {
        private Type?[] _types = [];
        private RelationalTypeMapping?[] _mappings = [];

        public DbCommand Command => command;

        public void Bind(EngineSql sql, (string Name, object? Value)[] values)
        {
            var parameters = command.Parameters;
            if (parameters.Count != values.Length || _types.Length != values.Length)
            {
                parameters.Clear();
                _types = new Type?[values.Length];
                _mappings = new RelationalTypeMapping?[values.Length];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters.Add(Make(sql, i, values[i].Name, values[i].Value));
                }

                return;
            }

            for (var i = 0; i < values.Length; i++)
            {
                var (name, value) = values[i];
                var parameter = parameters[i];
                if (value?.GetType() != _types[i] || value is Enum || !string.Equals(parameter.ParameterName, name, StringComparison.Ordinal))
                {
                    parameters[i] = Make(sql, i, name, value);
                }
                else if (value is null)
                {
                    parameter.Value = DBNull.Value;
                }
                else
                {
                    // As RelationalTypeMapping.CreateParameter sets it (an enum, normalised there, is made again above).
                    parameter.Value = _mappings[i]!.Converter is { } converter ? converter.ConvertToProvider(value) ?? DBNull.Value : value;
                }
            }
        }

        private DbParameter Make(EngineSql sql, int i, string name, object? value)
        {
            _types[i] = value?.GetType();
            _mappings[i] = value is null ? null : sql.Mapping(value.GetType());
            return sql.Parameter(command, name, value);
        }
    }

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.Transaction = Transaction;
        command.CommandText = Fill(command.Parameters, command, sql, parameters);
        return command;
    }

    /// <summary>
    /// Adds a statement's parameters and answers the text to run. PostgreSQL: in Npgsql's positional form ($1, $2… and unnamed parameters), which
    /// Npgsql sends as it is: with named parameters it parses the text of every new command to rewrite them (a fire makes
    /// its commands anew on each write's connection; decision 0223).
    /// </summary>
    private string Fill(DbParameterCollection target, DbCommand factory, string sql, (string Name, object? Value)[] parameters)
    {
        if (_provider != DatabaseProvider.PostgreSql)
        {
            foreach (var (name, value) in parameters)
            {
                target.Add(Parameter(factory, name, value));
            }

            return sql;
        }

        var positional = PositionalSql.Of(sql);
        foreach (var name in positional.Names)
        {
            var found = Array.FindIndex(parameters, p => string.Equals(p.Name, name, StringComparison.Ordinal));
            if (found < 0)
            {
                throw new InvalidOperationException($"The statement uses {name}, which has no value: {sql}");
            }

            target.Add(Parameter(factory, "", parameters[found].Value));
        }

        return positional.Sql;
    }

    /// <summary>An engine statement with its @names turned into $1, $2… in order of first use (the same name, the same number).</summary>
    private sealed class PositionalSql
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PositionalSql> s_texts = new(StringComparer.Ordinal);
        private static readonly System.Text.RegularExpressions.Regex s_name = new(
            "@[A-Za-z_][A-Za-z0-9_]*", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        private PositionalSql(string sql, string[] names)
        {
            Sql = sql;
            Names = names;
        }

        public string Sql { get; }

        public string[] Names { get; }

        public static PositionalSql Of(string sql) => s_texts.GetOrAdd(sql, static text =>
        {
            var names = new List<string>();
            var rewritten = s_name.Replace(text, match =>
            {
                var index = names.IndexOf(match.Value);
                if (index < 0)
                {
                    names.Add(match.Value);
                    index = names.Count - 1;
                }

                return "$" + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            });
            return new PositionalSql(rewritten, [.. names]);
        });
    }

    private DbParameter Parameter(DbCommand command, string name, object? value)
    {
        if (value is TypedNull typed && _provider != DatabaseProvider.Sqlite)
        {
            // Typed as the column's values are: PostgreSQL then plans one statement for both (Npgsql's auto-prepare keeps a
            // statement only while its parameters' types stay the same; an untyped null made the journal's INSERT be parsed and
            // planned again on every fire, decision 0223).
            return Mapping(typed.Type).CreateParameter(command, name, null);
        }

        if (value is null or TypedNull)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DBNull.Value;
            return parameter;
        }

        return Mapping(value.GetType()).CreateParameter(command, name, value);
    }

    private RelationalTypeMapping Mapping(Type type)
    {
        // The provider's mappings by CLR type, looked up once (FindMapping builds its key on each call).
        var known = s_mappings.GetValue(_mappings, static _ => new System.Collections.Concurrent.ConcurrentDictionary<Type, RelationalTypeMapping>());
        if (known.TryGetValue(type, out var mapping))
        {
            return mapping;
        }

        mapping = _mappings.FindMapping(type) ?? throw new InvalidOperationException($"No type mapping for {type}.");
        known.TryAdd(type, mapping);
        return mapping;
    }

    private static readonly ConditionalWeakTable<IRelationalTypeMappingSource, System.Collections.Concurrent.ConcurrentDictionary<Type, RelationalTypeMapping>> s_mappings = new();

    /// <summary>A null of a known CLR type: its parameter is typed as the column's other values are.</summary>
    internal sealed class TypedNull(Type type)
    {
        public static readonly TypedNull String = new(typeof(string));
        public static readonly TypedNull DateTime = new(typeof(DateTime));

        public Type Type => type;
    }
}

internal sealed record PendingStatement(string Sql, (string Name, object? Value)[] Parameters, bool IsVersionCheck);

internal sealed record InstanceRow(Guid Id, string DefinitionId, int DefinitionVersion, string SubjectType, string SubjectId, string State, int Version);

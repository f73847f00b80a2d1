using System.Data;
using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using Segur.Workflows.Engine.Runtime;

namespace Segur.Bench;

/// <summary>The rows one transition writes: the instance update (with its version check), the journal line, the outbox message.</summary>
internal sealed record TransitionWrite(
    Guid InstanceId, string To, int DefinitionVersion, int ExpectedVersion, DateTime Now,
    string ActorId, string Trigger, string From, string? Details, Guid MessageId, string MessageType, string Payload);

internal enum SavepointAction
{
    Save,
    Release,
    RollbackTo,
}

/// <summary>
/// One open connection with its statements prepared once: what a worker of the floor (and of the lean
/// experiment) uses for every transition. Same SQL text, tables, columns and value formats as the engine.
/// </summary>
internal abstract class Lane : IAsyncDisposable
{
    public abstract DbConnection Connection { get; }

    /// <summary>The transaction between <see cref="BeginAsync"/> and <see cref="CommitAsync"/>.</summary>
    public abstract DbTransaction? Transaction { get; }

    public abstract Task BeginAsync();

    public abstract Task<InstanceRow?> ReadAsync(Guid id);

    /// <summary>Update, journal, outbox; false (nothing written) when the version check failed.</summary>
    public abstract Task<bool> WriteAsync(TransitionWrite write);

    public abstract Task CommitAsync();

    /// <summary>SAVEPOINT / RELEASE / ROLLBACK TO, to keep fires atomic inside a shared transaction (group commit).</summary>
    public abstract Task SavepointAsync(SavepointAction action);

    public abstract ValueTask DisposeAsync();

    public static async Task<Lane> OpenAsync(BenchRun run, bool batched = false) => run.Provider switch
    {
        Segur.Workflows.Persistence.DatabaseProvider.Sqlite => await SqliteLane.OpenAsync(run.ConnectionString),
        _ => await PostgresLane.OpenAsync(run.ConnectionString, batched),
    };
}

/// <summary>Microsoft.Data.Sqlite; Guids as upper-case text and timestamps as 'yyyy-MM-dd HH:mm:ss.FFFFFFF' text, as EF Core stores them.</summary>
internal sealed class SqliteLane : Lane
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _select;
    private readonly SqliteCommand _update;
    private readonly SqliteCommand _journal;
    private readonly SqliteCommand _outbox;
    private readonly SqliteCommand[] _savepoints;
    private SqliteTransaction? _transaction;

    private SqliteLane(SqliteConnection connection)
    {
        _connection = connection;
        _savepoints = [Command("SAVEPOINT fire"), Command("RELEASE fire"), Command("ROLLBACK TO fire")];
        _select = Command(FloorSql.Select, "@id");
        _update = Command(FloorSql.Update, "@state", "@defVersion", "@next", "@now", "@id", "@expected");
        _journal = Command(FloorSql.InsertJournal, "@instance", "@at", "@actor", "@trigger", "@from", "@to", "@version", "@details");
        _outbox = Command(FloorSql.InsertOutbox, "@id", "@type", "@payload", "@now");
    }

    public static async Task<SqliteLane> OpenAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        using (var pragmas = connection.CreateCommand())
        {
            // What SegurDatabase sets: WAL (kept in the file) and durable commits.
            pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
            pragmas.ExecuteNonQuery();
        }

        return new SqliteLane(connection);
    }

    public override DbConnection Connection => _connection;

    public override DbTransaction? Transaction => _transaction;

    public static string Text(Guid id) => id.ToString().ToUpperInvariant();

    public static string Text(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);

    public override Task BeginAsync()
    {
        _transaction = _connection.BeginTransaction();
        _select.Transaction = _update.Transaction = _journal.Transaction = _outbox.Transaction = _transaction;
        foreach (var command in _savepoints)
        {
            command.Transaction = _transaction;
        }

        return Task.CompletedTask;
    }

    public override Task SavepointAsync(SavepointAction action)
    {
        _savepoints[(int)action].ExecuteNonQuery();
        return Task.CompletedTask;
    }

    public override Task<InstanceRow?> ReadAsync(Guid id)
    {
        _select.Parameters[0].Value = Text(id);
        using var reader = _select.ExecuteReader();
        return Task.FromResult(reader.Read()
            ? new InstanceRow(id, reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5))
            : null);
    }

    public override Task<bool> WriteAsync(TransitionWrite w)
    {
        var id = Text(w.InstanceId);
        var now = Text(w.Now);
        Set(_update, w.To, w.DefinitionVersion, w.ExpectedVersion + 1, now, id, w.ExpectedVersion);
        if (_update.ExecuteNonQuery() != 1)
        {
            return Task.FromResult(false);
        }

        Set(_journal, id, now, w.ActorId, w.Trigger, w.From, w.To, w.ExpectedVersion + 1, (object?)w.Details ?? DBNull.Value);
        _journal.ExecuteNonQuery();
        Set(_outbox, Text(w.MessageId), w.MessageType, w.Payload, now);
        _outbox.ExecuteNonQuery();
        return Task.FromResult(true);
    }

    public override Task CommitAsync()
    {
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        foreach (var command in _savepoints.Concat([_select, _update, _journal, _outbox]))
        {
            await command.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private static void Set(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }
}

/// <summary>
/// Npgsql with typed parameters (uuid, timestamptz) and server-prepared statements. <c>batched</c> sends the
/// update, journal and outbox inserts in one round trip (an experiment; the floor sends them one by one as the engine does).
/// </summary>
internal sealed class PostgresLane : Lane
{
    private readonly NpgsqlConnection _connection;
    private readonly bool _batched;
    private readonly NpgsqlCommand _select;
    private readonly NpgsqlCommand _update;
    private readonly NpgsqlCommand _journal;
    private readonly NpgsqlCommand _outbox;
    private readonly NpgsqlBatch _batch;
    private NpgsqlTransaction? _transaction;

    private PostgresLane(NpgsqlConnection connection, bool batched)
    {
        _connection = connection;
        _batched = batched;
        _select = new NpgsqlCommand(FloorSql.Select, connection) { Parameters = { new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid) } };
        _update = Command(FloorSql.Update, UpdateParameters());
        _journal = Command(FloorSql.InsertJournal, JournalParameters());
        _outbox = Command(FloorSql.InsertOutbox, OutboxParameters());
        _batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Positional(FloorSql.Update, UpdateParameters()),
                Positional(FloorSql.InsertJournal, JournalParameters()),
                Positional(FloorSql.InsertOutbox, OutboxParameters()),
            },
        };
    }

    public static async Task<PostgresLane> OpenAsync(string connectionString, bool batched)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var lane = new PostgresLane(connection, batched);
        if (batched)
        {
            await lane._select.PrepareAsync();
            await lane._batch.PrepareAsync();
        }
        else
        {
            foreach (var command in new[] { lane._select, lane._update, lane._journal, lane._outbox })
            {
                await command.PrepareAsync();
            }
        }

        return lane;
    }

    public override DbConnection Connection => _connection;

    public override DbTransaction? Transaction => _transaction;

    public override async Task BeginAsync() => _transaction = await _connection.BeginTransactionAsync(IsolationLevel.ReadCommitted);

    public override async Task<InstanceRow?> ReadAsync(Guid id)
    {
        Value(_select.Parameters, 0, id);
        await using var reader = await _select.ExecuteReaderAsync();
        return await reader.ReadAsync()
            ? new InstanceRow(id, reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5))
            : null;
    }

    public override async Task<bool> WriteAsync(TransitionWrite w)
    {
        var update = _batched ? _batch.BatchCommands[0].Parameters : _update.Parameters;
        var journal = _batched ? _batch.BatchCommands[1].Parameters : _journal.Parameters;
        var outbox = _batched ? _batch.BatchCommands[2].Parameters : _outbox.Parameters;
        Value(update, 0, w.To);
        Value(update, 1, w.DefinitionVersion);
        Value(update, 2, w.ExpectedVersion + 1);
        Value(update, 3, w.Now);
        Value(update, 4, w.InstanceId);
        Value(update, 5, w.ExpectedVersion);
        Value(journal, 0, w.InstanceId);
        Value(journal, 1, w.Now);
        Value(journal, 2, w.ActorId);
        Value(journal, 3, w.Trigger);
        Value(journal, 4, w.From);
        Value(journal, 5, w.To);
        Value(journal, 6, w.ExpectedVersion + 1);
        journal[7].Value = (object?)w.Details ?? DBNull.Value;
        Value(outbox, 0, w.MessageId);
        Value(outbox, 1, w.MessageType);
        Value(outbox, 2, w.Payload);
        Value(outbox, 3, w.Now);
        if (_batched)
        {
            // All three in one round trip; the batch stops at the first error, and a version conflict leaves the
            // journal and outbox rows in a transaction the caller then does not commit.
            await _batch.ExecuteNonQueryAsync();
            return _batch.BatchCommands[0].RecordsAffected == 1;
        }

        if (await _update.ExecuteNonQueryAsync() != 1)
        {
            return false;
        }

        await _journal.ExecuteNonQueryAsync();
        await _outbox.ExecuteNonQueryAsync();
        return true;
    }

    public override async Task CommitAsync()
    {
        await _transaction!.CommitAsync();
        await _transaction.DisposeAsync();
        _transaction = null;
    }

    public override Task SavepointAsync(SavepointAction action) => action switch
    {
        SavepointAction.Save => _transaction!.SaveAsync("fire"),
        SavepointAction.Release => _transaction!.ReleaseAsync("fire"),
        _ => _transaction!.RollbackAsync("fire"),
    };

    public override async ValueTask DisposeAsync()
    {
        await _batch.DisposeAsync();
        foreach (var command in new[] { _select, _update, _journal, _outbox })
        {
            await command.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private NpgsqlCommand Command(string sql, NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlCommand(sql, _connection);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private static void Value<T>(NpgsqlParameterCollection parameters, int index, T value) => ((NpgsqlParameter<T>)parameters[index]).TypedValue = value;

    private static NpgsqlBatchCommand Positional(string sql, NpgsqlParameter[] parameters)
    {
        // Batch commands take positional parameters ($1...): rewrite the named ones in order of first appearance.
        var names = parameters.Select(p => "@" + p.ParameterName).ToList();
        foreach (var (name, i) in names.Select((n, i) => (n, i)).OrderByDescending(p => p.n.Length))
        {
            sql = sql.Replace(name, "$" + (i + 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }

        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            parameter.ParameterName = "";
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static NpgsqlParameter[] UpdateParameters() =>
    [
        new NpgsqlParameter<string>("state", NpgsqlDbType.Varchar),
        new NpgsqlParameter<int>("defVersion", NpgsqlDbType.Integer),
        new NpgsqlParameter<int>("next", NpgsqlDbType.Integer),
        new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz),
        new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid),
        new NpgsqlParameter<int>("expected", NpgsqlDbType.Integer),
    ];

    private static NpgsqlParameter[] JournalParameters() =>
    [
        new NpgsqlParameter<Guid>("instance", NpgsqlDbType.Uuid),
        new NpgsqlParameter<DateTime>("at", NpgsqlDbType.TimestampTz),
        new NpgsqlParameter<string>("actor", NpgsqlDbType.Varchar),
        new NpgsqlParameter<string>("trigger", NpgsqlDbType.Varchar),
        new NpgsqlParameter<string>("from", NpgsqlDbType.Varchar),
        new NpgsqlParameter<string>("to", NpgsqlDbType.Varchar),
        new NpgsqlParameter<int>("version", NpgsqlDbType.Integer),
        new NpgsqlParameter("details", NpgsqlDbType.Text) { Value = DBNull.Value },
    ];

    private static NpgsqlParameter[] OutboxParameters() =>
    [
        new NpgsqlParameter<Guid>("id", NpgsqlDbType.Uuid),
        new NpgsqlParameter<string>("type", NpgsqlDbType.Varchar),
        new NpgsqlParameter<string>("payload", NpgsqlDbType.Text),
        new NpgsqlParameter<DateTime>("now", NpgsqlDbType.TimestampTz),
    ];
}

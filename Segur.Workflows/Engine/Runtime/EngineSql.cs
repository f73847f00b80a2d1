using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Runtime;

/// <summary>
/// The engine's own rows written with plain SQL on the fire path: EF's change tracking costs more than the
/// commit itself there (see docs/benchmarks.md). The SQL is standard and quoted, so the same text runs on
/// SQLite, PostgreSQL and SQL Server; parameters go through EF's type mappings so values are stored
/// exactly as EF stores them (GUIDs as text on SQLite, UTC timestamps...).
/// </summary>
internal sealed class EngineSql(SegurDbContext db)
{
    private readonly DbConnection _connection = db.Database.GetDbConnection();
    private readonly IRelationalTypeMappingSource _mappings = db.GetService<IRelationalTypeMappingSource>();

    private DbTransaction? Transaction => db.Database.CurrentTransaction?.GetDbTransaction();

    public async Task<InstanceRow?> ReadInstanceAsync(Guid id, CancellationToken ct)
    {
        await using var command = Command(
            """SELECT "DefinitionId", "DefinitionVersion", "SubjectType", "SubjectId", "State", "Version" FROM "WorkflowInstances" WHERE "Id" = @id""",
            ("@id", id));
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new InstanceRow(id, reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5));
    }

    public Task InsertInstanceAsync(InstanceRow row, DateTime now, CancellationToken ct) => ExecuteAsync(
        """
        INSERT INTO "WorkflowInstances" ("Id", "DefinitionId", "DefinitionVersion", "SubjectType", "SubjectId", "State", "Version", "CreatedAt", "UpdatedAt")
        VALUES (@id, @def, @defVersion, @subjectType, @subjectId, @state, @version, @now, @now)
        """,
        ct, ("@id", row.Id), ("@def", row.DefinitionId), ("@defVersion", row.DefinitionVersion), ("@subjectType", row.SubjectType),
        ("@subjectId", row.SubjectId), ("@state", row.State), ("@version", row.Version), ("@now", now));

    /// <summary>False when another fire changed the instance since it was read.</summary>
    public async Task<bool> UpdateInstanceAsync(Guid id, string state, int definitionVersion, int expectedVersion, DateTime now, CancellationToken ct) =>
        await ExecuteAsync(
            """
            UPDATE "WorkflowInstances" SET "State" = @state, "DefinitionVersion" = @defVersion, "Version" = @next, "UpdatedAt" = @now
            WHERE "Id" = @id AND "Version" = @expected
            """,
            ct, ("@state", state), ("@defVersion", definitionVersion), ("@next", expectedVersion + 1), ("@now", now), ("@id", id),
            ("@expected", expectedVersion)) == 1;

    public Task InsertJournalAsync(Guid instanceId, DateTime at, string actorId, string trigger, string? from, string to, int version, string? details, CancellationToken ct) =>
        ExecuteAsync(
            """
            INSERT INTO "WorkflowJournal" ("InstanceId", "At", "ActorId", "Trigger", "FromState", "ToState", "Version", "Details")
            VALUES (@instance, @at, @actor, @trigger, @from, @to, @version, @details)
            """,
            ct, ("@instance", instanceId), ("@at", at), ("@actor", actorId), ("@trigger", trigger), ("@from", from), ("@to", to),
            ("@version", version), ("@details", details));

    public Task InsertOutboxAsync(Guid id, string type, string payload, DateTime now, CancellationToken ct) => ExecuteAsync(
        """
        INSERT INTO "OutboxMessages" ("Id", "Type", "Payload", "CreatedAt", "Attempts")
        VALUES (@id, @type, @payload, @now, 0)
        """,
        ct, ("@id", id), ("@type", type), ("@payload", payload), ("@now", now));

    public Task InsertTimerAsync(Guid id, Guid instanceId, string state, string trigger, DateTime dueAt, CancellationToken ct) => ExecuteAsync(
        """
        INSERT INTO "WorkflowTimers" ("Id", "InstanceId", "State", "Trigger", "DueAt") VALUES (@id, @instance, @state, @trigger, @due)
        """,
        ct, ("@id", id), ("@instance", instanceId), ("@state", state), ("@trigger", trigger), ("@due", dueAt));

    public Task DeleteTimersAsync(Guid instanceId, CancellationToken ct) =>
        ExecuteAsync("""DELETE FROM "WorkflowTimers" WHERE "InstanceId" = @instance""", ct, ("@instance", instanceId));

    /// <summary>False when the timer already fired or its state was left: the caller must do nothing.</summary>
    public async Task<bool> ClaimTimerAsync(Guid timerId, CancellationToken ct) =>
        await ExecuteAsync("""DELETE FROM "WorkflowTimers" WHERE "Id" = @id""", ct, ("@id", timerId)) == 1;

    public Task InsertTaskAsync(Guid id, Guid instanceId, string state, string code, string label, string roles, DateTime now, DateTime? dueAt, CancellationToken ct) =>
        ExecuteAsync(
            """
            INSERT INTO "StaffTasks" ("Id", "InstanceId", "State", "Code", "Label", "Roles", "CreatedAt", "DueAt", "Status")
            VALUES (@id, @instance, @state, @code, @label, @roles, @now, @due, 'Open')
            """,
            ct, ("@id", id), ("@instance", instanceId), ("@state", state), ("@code", code), ("@label", label), ("@roles", roles),
            ("@now", now), ("@due", dueAt));

    public Task CancelOpenTasksAsync(Guid instanceId, DateTime now, CancellationToken ct) => ExecuteAsync(
        """UPDATE "StaffTasks" SET "Status" = 'Cancelled', "CompletedAt" = @now WHERE "InstanceId" = @instance AND "Status" = 'Open'""",
        ct, ("@now", now), ("@instance", instanceId));

    /// <summary>False when the task is no longer open (completed or cancelled by someone else).</summary>
    public async Task<bool> CompleteTaskAsync(Guid taskId, string outcome, string actorId, DateTime now, CancellationToken ct) =>
        await ExecuteAsync(
            """
            UPDATE "StaffTasks" SET "Status" = 'Completed', "Outcome" = @outcome, "CompletedBy" = @actor, "CompletedAt" = @now
            WHERE "Id" = @id AND "Status" = 'Open'
            """,
            ct, ("@outcome", outcome), ("@actor", actorId), ("@now", now), ("@id", taskId)) == 1;

    private async Task<int> ExecuteAsync(string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private DbCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = Transaction;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(Parameter(command, name, value));
        }

        return command;
    }

    private DbParameter Parameter(DbCommand command, string name, object? value)
    {
        if (value is null)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DBNull.Value;
            return parameter;
        }

        var mapping = _mappings.FindMapping(value.GetType())
            ?? throw new InvalidOperationException($"No type mapping for {value.GetType()}.");
        return mapping.CreateParameter(command, name, value);
    }
}

internal sealed record InstanceRow(Guid Id, string DefinitionId, int DefinitionVersion, string SubjectType, string SubjectId, string State, int Version);

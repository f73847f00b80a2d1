using System.Text.Json;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Bench;

/// <summary>The floor's SQL: the same statements as the engine's EngineSql.</summary>
internal static class FloorSql
{
    public const string Select =
        """SELECT "DefinitionId", "DefinitionVersion", "SubjectType", "SubjectId", "State", "Version" FROM "WorkflowInstances" WHERE "Id" = @id""";

    public const string Update =
        """UPDATE "WorkflowInstances" SET "State" = @state, "DefinitionVersion" = @defVersion, "Version" = @next, "UpdatedAt" = @now WHERE "Id" = @id AND "Version" = @expected""";

    public const string InsertJournal =
        """INSERT INTO "WorkflowJournal" ("InstanceId", "At", "ActorId", "Trigger", "FromState", "ToState", "Version", "Details") VALUES (@instance, @at, @actor, @trigger, @from, @to, @version, @details)""";

    public const string InsertOutbox =
        """INSERT INTO "OutboxMessages" ("Id", "Type", "Payload", "CreatedAt", "Attempts") VALUES (@id, @type, @payload, @now, 0)""";

    public static readonly string MessageType = MessageTypes.NameOf(typeof(WorkflowTransitioned));
}

/// <summary>
/// What a fire must at least do, by hand: in one transaction, read the instance, update state and version with
/// the version check, insert a journal row and an outbox row (the same WorkflowTransitioned payload as the
/// engine's). One connection per worker, statements prepared once (<see cref="Lane"/>); on SQLite the writers
/// queue on one semaphore as the engine's WriteGate makes them. No definition, no EF: the floor the engine is
/// compared with.
/// </summary>
internal sealed class FloorWorkload(BenchRun run, bool batched = false) : IWorkload
{
    private readonly SemaphoreSlim? _gate = run.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;

    public async Task<IWorker> CreateWorkerAsync(int index, IReadOnlyList<Guid> instances) =>
        new Worker(await Lane.OpenAsync(run, batched), _gate, instances);

    public ValueTask DisposeAsync()
    {
        _gate?.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed class Worker(Lane lane, SemaphoreSlim? gate, IReadOnlyList<Guid> instances) : IWorker
    {
        private int _next;

        public async Task FireNextAsync()
        {
            var id = instances[_next];
            _next = (_next + 1) % instances.Count;
            if (gate is not null)
            {
                await gate.WaitAsync();
            }

            try
            {
                await lane.BeginAsync();
                var row = await lane.ReadAsync(id) ?? throw new InvalidOperationException($"Instance {id} not found.");
                var now = DateTime.UtcNow;
                var trigger = BenchDefinition.NextTrigger(row.State);
                var to = row.State == BenchDefinition.StateA ? BenchDefinition.StateB : BenchDefinition.StateA;
                var message = new WorkflowTransitioned(
                    id, row.DefinitionId, row.DefinitionVersion, row.SubjectType, row.SubjectId, row.State, to,
                    to == BenchDefinition.StateA ? "État A" : "État B", trigger, Actor.System.Id, now);
                var write = new TransitionWrite(
                    id, to, row.DefinitionVersion, row.Version, now, Actor.System.Id, trigger, row.State, null,
                    Guid.CreateVersion7(now), FloorSql.MessageType, JsonSerializer.Serialize(message, OutboxJson.Options));
                if (!await lane.WriteAsync(write))
                {
                    throw new InvalidOperationException($"Instance {id} changed under the floor worker.");
                }

                await lane.CommitAsync();
            }
            finally
            {
                gate?.Release();
            }
        }

        public ValueTask DisposeAsync() => lane.DisposeAsync();
    }
}

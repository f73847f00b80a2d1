using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Engine;

/// <summary>
/// A fire on the SQLite writer loop runs in plain SQL with no EF context, its statements and their parameters kept on the
/// loop's connection (decision 0220): what it stores is what it stored before, write by write, in batches where one write
/// may fail alone. On PostgreSQL a write opens its own connection and transaction and makes a context only when asked, and a
/// fire runs in plain SQL on them, its statements kept prepared by Npgsql (decision 0223).
/// </summary>
public sealed class PlainSqlFireTests
{
    private const string Toggle = """
        {
          "id": "test-bascule",
          "name": "Test : bascule",
          "subjectType": "Essai",
          "initialState": "A",
          "states": [
            { "code": "A", "label": "État A" },
            { "code": "B", "label": "État B" }
          ],
          "transitions": [
            { "from": "A", "trigger": "Go", "to": "B", "roles": ["Systeme"] },
            { "from": "B", "trigger": "Back", "to": "A", "roles": ["Systeme"] }
          ]
        }
        """;

    [Theory]
    [InlineData(DatabaseKind.Sqlite)]
    [InlineData(DatabaseKind.PostgreSql)]
    public async Task FiresSentTogether_OneOnAStaleVersion_IsRefusedAlone_AndEachJournalHoldsItsOwnValues(DatabaseKind kind)
    {
        await using var host = await EngineHost.StartAsync(kind);
        await host.PublishAsync("test-bascule", Toggle);
        var instances = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            instances.Add(await host.Runtime.StartAsync("test-bascule", $"essai-{i}", Actor.System));
        }

        var stale = instances[5];
        var goes = instances.Select(id => host.Runtime.FireAsync(
            new FireRequest(id, "Go", Actor.System) { ExpectedVersion = id == stale ? 7 : 1 })).ToList();
        var refused = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => goes[5]);
        Assert.Equal(stale, refused.InstanceId);
        foreach (var go in goes.Where((_, i) => i != 5))
        {
            Assert.Equal("B", (await go).ToState);
        }

        // Back with a motive for every other instance: the journal's details go from null to a value and back on the same kept statement.
        var moved = instances.Where(id => id != stale).ToList();
        await Task.WhenAll(moved.Select((id, i) => host.Runtime.FireAsync(new FireRequest(id, "Back", Actor.System)
        {
            Input = i % 2 == 0 ? new Dictionary<string, object?> { ["motif"] = $"retour {i}" } : null,
        })));

        Assert.Equal(("A", 1), await StateAsync(host, stale));
        Assert.Equal([("Demarrer", (string?)null, "A", 1)], (await host.JournalAsync(stale)).Select(j => (j.Trigger, j.FromState, j.ToState, j.Version)));
        for (var i = 0; i < moved.Count; i++)
        {
            Assert.Equal(("A", 3), await StateAsync(host, moved[i]));
            var journal = await host.JournalAsync(moved[i]);
            Assert.Equal(
                [("Demarrer", (string?)null, "A", 1), ("Go", "A", "B", 2), ("Back", "B", "A", 3)],
                journal.Select(j => (j.Trigger, j.FromState, j.ToState, j.Version)));
            Assert.Null(journal[1].Details);
            if (i % 2 == 0)
            {
                Assert.Contains($"retour {i}", journal[2].Details);
            }
            else
            {
                Assert.Null(journal[2].Details);
            }
        }

        await using var db = host.NewContext();
        var transitions = await db.OutboxMessages.AsNoTracking().CountAsync(m => m.Type.Contains("WorkflowTransitioned"));
        Assert.Equal(12 + 11 + 11, transitions);
    }

    [Fact]
    public async Task TheWriterLoop_GivesAContextOnlyToTheWritesThatAskForOne_AndKeepsItsSavepointJournalInMemory()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.Sqlite);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);

        var writes = Enumerable.Range(0, 30).Select(i => writer.WriteAsync(async scope =>
        {
            if (i % 2 == 0)
            {
                // Plain SQL on the loop's transaction: no context is made.
                await using var command = scope.SqliteTransaction!.Connection!.CreateCommand();
                command.Transaction = scope.SqliteTransaction;
                command.CommandText = """INSERT INTO "OutboxMessages" ("Id", "Type", "Payload", "CreatedAt", "Attempts") VALUES ($id, 'Essai', $payload, '2026-12-01 12:00:00', 0)""";
                command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString().ToUpperInvariant());
                command.Parameters.AddWithValue("$payload", $"sql {i}");
                await command.ExecuteNonQueryAsync();
                Assert.Null(scope.CreatedDb);
            }
            else
            {
                scope.Db.OutboxMessages.Add(new Segur.Workflows.Engine.Outbox.OutboxMessage
                {
                    Id = Guid.NewGuid(), Type = "Essai", Payload = $"ef {i}", CreatedAt = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc),
                });
                await scope.Db.SaveChangesAsync();
                Assert.NotNull(scope.CreatedDb);
            }

            if (i % 10 == 4 || i % 10 == 7)
            {
                throw new InvalidOperationException($"l'écriture {i} échoue");
            }

            return i;
        })).ToList();
        var failed = new List<int>();
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                Assert.Equal(i, await writes[i]);
            }
            catch (InvalidOperationException ex)
            {
                Assert.Equal($"l'écriture {i} échoue", ex.Message);
                failed.Add(i);
            }
        }

        Assert.Equal([4, 7, 14, 17, 24, 27], failed);
        await using (var db = database.CreateContext())
        {
            var saved = await db.OutboxMessages.AsNoTracking().Select(m => m.Payload).ToListAsync();
            Assert.Equal(24, saved.Count);
            Assert.DoesNotContain("sql 4", saved);
            Assert.DoesNotContain("ef 7", saved);
            Assert.Contains("sql 6", saved);
            Assert.Contains("ef 9", saved);
        }

        Assert.True(writer.Commits < 24, $"{writer.Commits} commits for 24 writes queued together: no group commit");
        var tempStore = await writer.WriteAsync(async scope =>
        {
            await using var command = scope.SqliteTransaction!.Connection!.CreateCommand();
            command.Transaction = scope.SqliteTransaction;
            command.CommandText = "PRAGMA temp_store";
            return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        });
        Assert.Equal(2, tempStore); // MEMORY
        await using var other = new SqliteConnection(database.ConnectionString);
        await other.OpenAsync();
        await using var pragma = other.CreateCommand();
        pragma.CommandText = "PRAGMA temp_store";
        Assert.Equal(0L, await pragma.ExecuteScalarAsync()); // the setting stays on the loop's own connection
    }

    [Fact]
    public async Task PostgreSql_WritesWithAndWithoutAContext_ShareTheirTransaction_AndAFailingOrDiscardedOneIsUndoneAlone()
    {
        await using var test = await TestDatabase.CreateAsync(DatabaseKind.PostgreSql);
        var database = new SegurDatabase(test.Provider, test.ConnectionString);
        await database.MigrateAsync();
        await using var writer = new DatabaseWriter(database, NullLogger<DatabaseWriter>.Instance);

        var writes = Enumerable.Range(0, 24).Select(i => writer.WriteAsync(async scope =>
        {
            if (i % 3 != 1)
            {
                // Plain SQL on the writer's own transaction: no context is made.
                await InsertPlainAsync(scope, $"sql {i}");
                Assert.Null(scope.CreatedDb);
            }

            if (i % 3 != 0)
            {
                // The context is given the same connection and transaction: it sees the plain row of this write, uncommitted.
                scope.Db.OutboxMessages.Add(Message($"ef {i}"));
                await scope.Db.SaveChangesAsync();
                Assert.Equal(i % 3 == 2 ? 1 : 0, await scope.Db.OutboxMessages.CountAsync(m => m.Payload == $"sql {i}"));
            }

            if (i % 8 == 5)
            {
                await scope.DiscardAsync();
                await InsertPlainAsync(scope, $"after discard sql {i}");
                scope.Db.OutboxMessages.Add(Message($"after discard ef {i}"));
                await scope.Db.SaveChangesAsync();
            }

            if (i % 7 == 4)
            {
                throw new InvalidOperationException($"l'écriture {i} échoue");
            }

            return i;
        })).ToList();
        var failed = new List<int>();
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                Assert.Equal(i, await writes[i]);
            }
            catch (InvalidOperationException ex)
            {
                Assert.Equal($"l'écriture {i} échoue", ex.Message);
                failed.Add(i);
            }
        }

        Assert.Equal([4, 11, 18], failed);
        await using var db = database.CreateContext();
        var saved = (await db.OutboxMessages.AsNoTracking().Select(m => m.Payload).ToListAsync()).ToHashSet();
        var expected = new HashSet<string>();
        foreach (var i in Enumerable.Range(0, 24).Except(failed))
        {
            if (i % 8 == 5)
            {
                expected.UnionWith([$"after discard sql {i}", $"after discard ef {i}"]);
                continue;
            }

            if (i % 3 != 1)
            {
                expected.Add($"sql {i}");
            }

            if (i % 3 != 0)
            {
                expected.Add($"ef {i}");
            }
        }

        Assert.Equal(expected.Order(), saved.Order());
    }

    [Fact]
    public async Task PostgreSql_TheJournalInsert_StaysPreparedWhenItsNullsComeAndGo()
    {
        await using var host = await EngineHost.StartAsync(DatabaseKind.PostgreSql);
        await host.PublishAsync("test-bascule", Toggle);
        var id = await host.Runtime.StartAsync("test-bascule", "essai-prepare", Actor.System);
        var writer = host.Services.GetRequiredService<DatabaseWriter>();

        // One write, so one connection: the same INSERT with a null FromState and Details, then values, then nulls again.
        var (prepared, plans, types) = await writer.WriteAsync(async scope =>
        {
            var sql = EngineSql.For(scope, host.Database);
            for (var version = 10; version < 18; version++)
            {
                var nulls = version % 2 == 0;
                sql.InsertJournal(id, DateTime.UtcNow, "systeme", "Go", nulls ? null : "A", "B", version, nulls ? null : $"détail {version}");
                Assert.True(await sql.FlushAsync(scope.CancellationToken));
            }

            Assert.Null(scope.CreatedDb);
            await using var command = scope.Transaction!.Connection!.CreateCommand();
            command.Transaction = scope.Transaction;
            command.CommandText = """
                SELECT count(*), coalesce(sum(generic_plans + custom_plans), 0), coalesce(string_agg(parameter_types::text, ' '), '')
                FROM pg_prepared_statements WHERE statement LIKE '%INSERT INTO "WorkflowJournal"%'
                """;
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2));
        });

        // Npgsql prepares a statement on its second use with the same parameter types; an untyped null made every change
        // between null and a value a new statement, parsed and planned again.
        Assert.Equal(1, prepared);
        Assert.True(plans >= 6, $"the journal's INSERT ran {plans} times prepared out of 8 ({types})");
        Assert.DoesNotContain("unknown", types);
        Assert.Equal(("A", 1), await StateAsync(host, id));
    }

    private static OutboxMessage Message(string payload) => new()
    {
        Id = Guid.NewGuid(), Type = "Essai", Payload = payload, CreatedAt = new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc),
    };

    private static async Task InsertPlainAsync(WriteScope scope, string payload)
    {
        var transaction = scope.Transaction!;
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """INSERT INTO "OutboxMessages" ("Id", "Type", "Payload", "CreatedAt", "Attempts") VALUES (@id, 'Essai', @payload, @at, 0)""";
        command.Parameters.Add(new NpgsqlParameter("id", Guid.NewGuid()));
        command.Parameters.Add(new NpgsqlParameter("payload", payload));
        command.Parameters.Add(new NpgsqlParameter("at", new DateTime(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc)));
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<(string State, int Version)> StateAsync(EngineHost host, Guid id)
    {
        var instance = await host.InstanceAsync(id);
        return (instance.State, instance.Version);
    }
}

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using Segur.Workflows.Persistence;

namespace Segur.Bench;

/// <summary>
/// Item 1 of issue 11: a 200-line avance import through <c>ImportService</c> (read, check, store the requests, beneficiaries
/// and the import, start 200 instances with their timers and journal, build the returned file), warm, beside its floor:
/// the same rows (copied from an import the engine made in the same run, with new keys) inserted by hand-written SQL in
/// one transaction. Imports and floors are interleaved; the simulation of the same file (the checks without the store)
/// is timed too.
/// </summary>
internal sealed class ImportProfile : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly List<Dictionary<string, double>> _imports = [];

    public ImportProfile()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == Segur.Workflows.Engine.Telemetry.SegurTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStarted = activity =>
            {
                if (activity.OperationName == "segur.import")
                {
                    _current = activity;
                }
            },
            ActivityStopped = activity =>
            {
                if (activity.OperationName == "segur.import" && activity.GetTagItem("segur.import.save_ms") is not null)
                {
                    var tags = activity.TagObjects.Where(t => t.Value is double).ToDictionary(t => t.Key[(t.Key.IndexOf('.', 6) + 1)..^3], t => (double)t.Value!);
                    tags["total"] = activity.Duration.TotalMilliseconds;
                    lock (_imports)
                    {
                        _imports.Add(tags);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Until an import has been queued to the writer (its reading done): the "segur.import" span started writing.</summary>
    public async Task WaitForQueuedAsync()
    {
        while (!Writing(_current))
        {
            await Task.Delay(1);
        }
    }

    private static bool Writing(Activity? import)
    {
        try
        {
            // Set by ImportService when its write starts running in the writer.
            return import?.GetTagItem("segur.import.queued_ms") is not null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private volatile Activity? _current;

    public void Clear()
    {
        _current = null;
        lock (_imports)
        {
            _imports.Clear();
        }
    }

    public override string ToString()
    {
        lock (_imports)
        {
            return _imports.Count == 0 ? "none" : string.Join(", ", _imports[0].Keys.Select(k =>
                $"{k} {Scenarios.Stats(_imports.Select(i => i.GetValueOrDefault(k)).ToList()).Median.ToString("0", CultureInfo.InvariantCulture)}"));
        }
    }

    /// <summary>
    /// Each import in the order it ended: when it got its turn, when its write began, how long the write's checks took
    /// (0 when the checks made before the write stood), when it ended (ms from its start).
    /// </summary>
    public string Timeline()
    {
        lock (_imports)
        {
            return string.Join(", ", _imports.OrderBy(i => i.GetValueOrDefault("total")).Select(i =>
                FormattableString.Invariant($"{i.GetValueOrDefault("admitted"):0}/{i.GetValueOrDefault("queued"):0}/{i.GetValueOrDefault("check"):0}/{i.GetValueOrDefault("total"):0}")));
        }
    }

    /// <summary>
    /// Each import's time in the store, in the order they ended: from its turn to check and store to its answer (ms). The
    /// work ahead of an import is the sum of these over the imports answered before it.
    /// </summary>
    public List<double> StoreTimes()
    {
        lock (_imports)
        {
            return [.. _imports.OrderBy(i => i.GetValueOrDefault("total")).Select(i => i.GetValueOrDefault("total") - i.GetValueOrDefault("storing"))];
        }
    }

    public void Dispose() => _listener.Dispose();
}

internal sealed partial class ImportBench : IScenario
{
    private const int Lines = 200;

    public async Task<IReadOnlyList<ScenarioRow>> RunAsync(IBenchTarget target, BenchOptions options)
    {
        var warmup = options.Quick ? 2 : 4;
        var measured = options.Quick ? 5 : 15;
        await using var world = await ImportWorld.CreateAsync(target, suppliers: 1);
        var floor = new ImportFloor(world.Database);
        var engine = new List<double>();
        var floors = new List<double>();
        var copies = new List<double>();
        var simulations = new List<double>();
        using var profile = new ImportProfile();
        var before = CpuSample.Take();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < warmup + measured; i++)
        {
            var file = world.File(0, Lines);
            var watch = Stopwatch.StartNew();
            await world.ImportAsync(0, file, simulation: true);
            var simulated = watch.Elapsed.TotalMilliseconds;

            await floor.SnapshotOutboxAsync();
            watch.Restart();
            var result = await world.ImportAsync(0, file);
            var imported = watch.Elapsed.TotalMilliseconds;
            if (result.Retained != Lines)
            {
                throw new InvalidOperationException($"The bench file was not imported whole: {result.Retained} of {Lines} lines retained.");
            }

            if (i == 0)
            {
                await floor.CaptureAsync(result.ImportNumber!.Value);
            }

            var copied = await floor.InsertCopyAsync();
            var streamed = world.Database.Provider == DatabaseProvider.PostgreSql ? await floor.InsertCopyAsync(byCopy: true) : 0;
            if (i < warmup)
            {
                profile.Clear();
            }
            else
            {
                engine.Add(imported);
                floors.Add(copied);
                copies.Add(streamed);
                simulations.Add(simulated);
            }
        }

        var other = Scenarios.OtherPercent(CpuSample.Take() - before, clock.Elapsed);
        var (engineMedian, engineP95) = Scenarios.Stats(engine);
        var (floorMedian, _) = Scenarios.Stats(floors);
        var (simulationMedian, _) = Scenarios.Stats(simulations);
        return
        [
            new ScenarioRow(target.Name, $"import {Lines} lines", $"median {Scenarios.Ms(engineMedian)}, p95 {Scenarios.Ms(engineP95)} ({measured} imports)",
                $"median {Scenarios.Ms(floorMedian)}", (engineMedian / floorMedian).ToString("0.0×", CultureInfo.InvariantCulture), "≤ 250 ms and ≤ 2× floor", other,
                $"simulation of the same file: median {Scenarios.Ms(simulationMedian)};{(copies.Any(c => c > 0) ? $" the floor's rows by binary COPY: median {Scenarios.Ms(Scenarios.Stats(copies).Median)};" : "")} {floor.RowCount} rows per import; import phases (median, cumulative ms): {profile}"),
        ];
    }

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    internal static partial Regex GuidPattern();
}

/// <summary>
/// The floor of an import: the rows one import wrote (import, requests, beneficiaries, instances, timers, journal, tasks,
/// outbox), read back once, then inserted again with new keys by plain prepared INSERTs (one batch on PostgreSQL) and the
/// two counter updates, in one transaction, durably. No EF, no checks, no JSON: what storing costs the database.
/// </summary>
internal sealed class ImportFloor(SegurDatabase database)
{
    private readonly List<TableRows> _tables = [];
    private HashSet<string> _outboxBefore = [];
    private int _copies;

    public int RowCount => _tables.Sum(t => t.Rows.Count);

    public async Task SnapshotOutboxAsync()
    {
        if (_tables.Count > 0)
        {
            return;
        }

        await using var connection = await OpenAsync();
        _outboxBefore = (await ReadAsync(connection, "OutboxMessages")).Rows.Select(r => Text(r[0])).ToHashSet();
    }

    /// <summary>Reads back the rows of the import numbered <paramref name="number"/>.</summary>
    public async Task CaptureAsync(long number)
    {
        await using var connection = await OpenAsync();
        var imports = await ReadAsync(connection, "Imports");
        imports.Keep(r => Convert.ToInt64(r[imports.Index("Number")], CultureInfo.InvariantCulture) == number);
        var importId = Text(imports.Rows.Single()[imports.Index("Id")]);
        var requests = await ReadAsync(connection, "FinancingRequests");
        requests.Keep(r => Text(r[requests.Index("ImportId")]) == importId);
        var requestIds = requests.Rows.Select(r => Text(r[requests.Index("Id")])).ToHashSet();
        var beneficiaries = await ReadAsync(connection, "FinancingBeneficiaries");
        beneficiaries.Keep(r => requestIds.Contains(Text(r[beneficiaries.Index("RequestId")])));
        var instances = await ReadAsync(connection, "WorkflowInstances");
        instances.Keep(r => requestIds.Contains(Text(r[instances.Index("SubjectId")])));
        var instanceIds = instances.Rows.Select(r => Text(r[instances.Index("Id")])).ToHashSet();
        _tables.Add(imports);
        _tables.Add(requests);
        _tables.Add(beneficiaries);
        _tables.Add(instances);
        foreach (var name in new[] { "WorkflowTimers", "WorkflowJournal", "StaffTasks" })
        {
            var table = await ReadAsync(connection, name);
            table.Keep(r => instanceIds.Contains(Text(r[table.Index("InstanceId")])));
            _tables.Add(table);
        }

        var outbox = await ReadAsync(connection, "OutboxMessages");
        outbox.Keep(r => !_outboxBefore.Contains(Text(r[0])));
        _tables.Add(outbox);
        foreach (var table in _tables)
        {
            table.DropIdentity();
        }
    }

    /// <summary>
    /// Inserts one more copy; returns the milliseconds from BEGIN to the end of COMMIT. <paramref name="byCopy"/>: on
    /// PostgreSQL the rows go by binary COPY (one stream per table) instead of one batch of INSERTs.
    /// </summary>
    public async Task<double> InsertCopyAsync(bool byCopy = false)
    {
        var copy = ++_copies;
        var keys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var table in _tables)
        {
            if (table.Index("Id") is var id and >= 0)
            {
                foreach (var row in table.Rows)
                {
                    keys.TryAdd(Text(row[id]), Guid.NewGuid().ToString());
                }
            }
        }

        var prepared = _tables.Select(t => (Table: t, Rows: t.Rows.Select((r, i) => t.Columns.Select((c, j) => Remap(t.Name, c, r[j], keys, copy, i)).ToArray()).ToList())).ToList();
        await using var connection = await OpenAsync();
        var watch = Stopwatch.StartNew();
        await using var transaction = connection is SqliteConnection sqlite ? sqlite.BeginTransaction(deferred: false) : await connection.BeginTransactionAsync();
        if (connection is NpgsqlConnection npgsql && byCopy)
        {
            foreach (var (table, rows) in prepared)
            {
                await using var writer = await npgsql.BeginBinaryImportAsync(
                    $"""COPY "{table.Name}" ({string.Join(", ", table.Columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)""");
                foreach (var row in rows)
                {
                    await writer.StartRowAsync();
                    for (var j = 0; j < row.Length; j++)
                    {
                        await writer.WriteAsync(row[j] ?? DBNull.Value, table.Types[j]);
                    }
                }

                await writer.CompleteAsync();
            }

            await using var counters = connection.CreateBatch();
            counters.Transaction = transaction;
            AddCounters(counters);
            await counters.ExecuteNonQueryAsync();
        }
        else if (connection is NpgsqlConnection)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            foreach (var (table, rows) in prepared)
            {
                foreach (var row in rows)
                {
                    var command = batch.CreateBatchCommand();
                    command.CommandText = table.InsertSql;
                    for (var j = 0; j < row.Length; j++)
                    {
                        command.Parameters.Add(new NpgsqlParameter
                        {
                            // Named as in InsertSql (@p0…): unnamed parameters would make Npgsql expect $1… placeholders.
                            ParameterName = "p" + j.ToString(CultureInfo.InvariantCulture), Value = row[j] ?? DBNull.Value, DataTypeName = table.Types[j],
                        });
                    }

                    batch.BatchCommands.Add(command);
                }
            }

            AddCounters(batch);
            await batch.ExecuteNonQueryAsync();
        }
        else
        {
            foreach (var (table, rows) in prepared)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = table.InsertSql;
                var parameters = table.Columns.Select((_, j) =>
                {
                    var p = command.CreateParameter();
                    p.ParameterName = "@p" + j.ToString(CultureInfo.InvariantCulture);
                    command.Parameters.Add(p);
                    return p;
                }).ToList();
                command.Prepare();
                foreach (var row in rows)
                {
                    for (var j = 0; j < row.Length; j++)
                    {
                        parameters[j].Value = row[j] ?? DBNull.Value;
                    }

                    await command.ExecuteNonQueryAsync();
                }
            }

            await using var counters = connection.CreateCommand();
            counters.Transaction = transaction;
            counters.CommandText = """UPDATE "Counters" SET "Value" = "Value" + 1 WHERE "Name" = 'import'; UPDATE "Counters" SET "Value" = "Value" + 200 WHERE "Name" = 'dossier';""";
            await counters.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static void AddCounters(DbBatch batch)
    {
        foreach (var (name, step) in new[] { ("import", 1), ("dossier", 200) })
        {
            var command = batch.CreateBatchCommand();
            command.CommandText = $"""UPDATE "Counters" SET "Value" = "Value" + {step} WHERE "Name" = '{name}'""";
            batch.BatchCommands.Add(command);
        }
    }

    /// <summary>A value of the copy: keys replaced by new ones (inside JSON too), unique numbers made unique again.</summary>
    private static object? Remap(string table, string column, object? value, Dictionary<string, string> keys, int copy, int row)
    {
        switch (value)
        {
            case Guid guid:
                return keys.TryGetValue(guid.ToString(), out var newGuid) ? Guid.Parse(newGuid) : guid;
            case string text when (table, column) is ("FinancingRequests", "NumeroEditeur"):
                return $"FLOOR-{copy}-{row}-{text}"[..Math.Min(40, text.Length + 12)];
            case string when (table, column) is ("FinancingRequests", "NumeroAsp"):
                return $"F{copy:D5}{row:D4}M0";
            case string when (table, column) is ("FinancingRequests", "NumeroDossier"):
                return $"F{copy:D5}{row:D4}";
            case string when (table, column) is ("Imports", "FileHash"):
                return Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
            case long or int when (table, column) is ("Imports", "Number"):
                return 1_000_000 + copy;
            case string text:
                return ImportBench.GuidPattern().Replace(text, m =>
                    keys.TryGetValue(m.Value, out var key) ? char.IsUpper(m.Value.FirstOrDefault(char.IsLetter, 'a')) ? key.ToUpperInvariant() : key : m.Value);
            default:
                return value;
        }
    }

    private async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = database.Provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(database.ConnectionString)
            : new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        if (connection is SqliteConnection)
        {
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
            await pragmas.ExecuteNonQueryAsync();
        }

        return connection;
    }

    private static async Task<TableRows> ReadAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""SELECT * FROM "{table}" """;
        await using var reader = await command.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToList();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return new TableRows(table, columns, types, rows);
    }

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture)!.ToUpperInvariant();

    private sealed class TableRows(string name, List<string> columns, List<string> types, List<object?[]> rows)
    {
        public string Name => name;

        public List<string> Columns { get; private set; } = columns;

        public List<string> Types { get; private set; } = types;

        public List<object?[]> Rows { get; private set; } = rows;

        public string InsertSql => $"""INSERT INTO "{name}" ({string.Join(", ", Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", Columns.Select((_, j) => "@p" + j.ToString(CultureInfo.InvariantCulture)))})""";

        public int Index(string column) => Columns.IndexOf(column);

        public void Keep(Func<object?[], bool> keep) => Rows = Rows.Where(keep).ToList();

        /// <summary>An integer "Id" is the database's own (autoincrement, identity): the copy lets it number the rows.</summary>
        public void DropIdentity()
        {
            var id = Index("Id");
            if (id < 0 || Rows.Count == 0 || Rows[0][id] is not (long or int))
            {
                return;
            }

            Columns = Columns.Where((_, j) => j != id).ToList();
            Types = Types.Where((_, j) => j != id).ToList();
            Rows = Rows.Select(r => r.Where((_, j) => j != id).ToArray()).ToList();
        }
    }
}

using System.Globalization;
using Segur.Bench;

// Durable transitions per second: the engine's FireAsync beside a hand-written-SQL floor, in the same run,
// on SQLite and (with --postgres) PostgreSQL. See docs/benchmarks.md.
if (args is ["export-requests", ..])
{
    return await ExportBench.RunAsync(args[1..]); // the requests CSV export of 100,000 rows (ExportBench.cs)
}

if (args is ["explain", ..])
{
    return await Explain.RunAsync(args[1..]); // a statement's plan on a kept SQLite file, through the Host's SQLite (Explain.cs)
}

if (args is ["browse", ..])
{
    return await BrowseBench.RunAsync(args[1..]); // 50 users paging the requests API, the Host's working set (BrowseBench.cs)
}

if (args is ["page-table", ..])
{
    return await PageBench.RunAsync(args[1..]); // the requests page in Chromium: opening an address, sorting (PageBench.cs)
}

if (args is ["startup", ..])
{
    return await StartupBench.RunAsync(args[1..]); // the Host process's start-up, empty and existing data (StartupBench.cs)
}

if (args is ["--help" or "-h"])
{
    Console.WriteLine(BenchOptions.Usage + "\n  cases: " + string.Join(", ", Cases.Names.Concat(Scenarios.Names)));
    return 0;
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var unknown = options.Cases.Where(c => !Cases.Names.Contains(c) && !Scenarios.Names.Contains(c)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown case(s) {string.Join(", ", unknown)}; known: {string.Join(", ", Cases.Names)}");
    return 2;
}

var machine = MachineInfo.Describe();
Console.WriteLine(machine);
Console.WriteLine($"{options.Warmup:0.#} s warm-up + {options.Seconds:0.#} s measured per run, {options.Instances} instances per run, workers {string.Join(",", options.Workers)}, cases {string.Join(",", options.Cases)}, {options.Repeat} run(s) each");

var targets = new List<IBenchTarget>();
var sqlite = options.Sqlite ? new SqliteTarget() : null;
if (sqlite is not null)
{
    targets.Add(sqlite);
}

if (options.Postgres is { } postgres)
{
    targets.Add(new PostgresTarget(postgres));
}

var results = new List<Result>();
var scenarioRows = new List<ScenarioRow>();
try
{
    foreach (var target in targets)
    {
        string description;
        try
        {
            description = await target.DescribeAsync();
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            Console.Error.WriteLine($"{target.Name}: cannot reach the database ({ex.Message}); nothing measured.");
            return 3;
        }

        CpuSample.ServerPid = await target.ServerPidAsync();
        Console.WriteLine();
        Console.WriteLine(description);
        foreach (var name in options.Cases.Where(Scenarios.Names.Contains))
        {
            foreach (var row in await Scenarios.Create(name).RunAsync(target, options))
            {
                Console.WriteLine(row);
                scenarioRows.Add(row);
            }
        }

        foreach (var workers in options.Cases.Any(Cases.Names.Contains) ? options.Workers : [])
        {
            for (var repeat = 0; repeat < options.Repeat; repeat++)
            {
                // Cases interleaved, so a disturbance of the machine hits them alike; a fresh database per run.
                foreach (var name in options.Cases.Where(Cases.Names.Contains))
                {
                    // Another process loading the machine lowers the figure: such a run is done again (--retries).
                    Measurement measurement;
                    var attempt = 0;
                    do
                    {
                        await using var run = await BenchRun.CreateAsync(target, options.Instances);
                        await using var workload = Cases.Create(name, run);
                        if (options.QuietWait > 0 && !await Meter.WaitForQuietAsync(TimeSpan.FromSeconds(options.QuietWait)))
                        {
                            Console.WriteLine($"  (the machine did not get quiet within {options.QuietWait:0} s: measuring anyway)");
                        }

                        measurement = await Meter.RunAsync(workload, run.Shares(workers), TimeSpan.FromSeconds(options.Warmup), TimeSpan.FromSeconds(options.Seconds));
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"  {target.Name,-10} {name,-26} {workers,2} workers: {measurement.PerSecond,8:N0} transitions/s  " +
                            $"(client CPU {measurement.ClientMicros,5:N0} µs/tx, server CPU {measurement.ServerMicros,4:N0} µs/tx, " +
                            $"machine busy {measurement.MachinePercent,3:N0} %, other {measurement.OtherPercent,3:N0} %, disk flushes/tx {measurement.FlushesPerTransition:N2}" +
                            $"{(measurement.Disturbed ? ": disturbed" : "")})"));
                        if (measurement.Profile is { } profile)
                        {
                            Console.WriteLine("      " + profile);
                        }
                    }
                    while (measurement.Disturbed && attempt++ < options.Retries);

                    var result = results.SingleOrDefault(r => r.Database == target.Name && r.Case == name && r.Workers == workers);
                    if (result is null)
                    {
                        results.Add(result = new Result(target.Name, name, workers, []));
                    }

                    result.Runs.Add(measurement);
                }
            }
        }
    }
}
finally
{
    sqlite?.DeleteFolder();
}

var table = (results.Count > 0 ? Report.Table(results, machine) : "") + (scenarioRows.Count > 0 ? "\n" + Scenarios.Table(scenarioRows, machine) : "");
Console.WriteLine();
Console.WriteLine(table);
if (options.Output is { } output)
{
    await File.WriteAllTextAsync(output, table);
}

return 0;

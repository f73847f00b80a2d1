using System.Globalization;

namespace Segur.Bench;

/// <summary>Command line: <c>[--postgres "conn"] [--no-sqlite] [--seconds N] [--warmup N] [--workers 1,8] [--instances N] [--cases floor,engine] [--repeat N]</c>.</summary>
internal sealed record BenchOptions
{
    public string? Postgres { get; init; }

    public bool Sqlite { get; init; } = true;

    public double Seconds { get; init; } = 10;

    public double Warmup { get; init; } = 5;

    public IReadOnlyList<int> Workers { get; init; } = [1, 8];

    public int Instances { get; init; } = 2000;

    public IReadOnlyList<string> Cases { get; init; } = ["floor", "engine"];

    public int Repeat { get; init; } = 1;

    public string? Output { get; init; }

    /// <summary>Shorter runs (a developer checking a change): each case in well under a minute.</summary>
    public bool Quick { get; init; }

    /// <summary>How many times a disturbed run (other processes using more than 15 % of the machine) is done again.</summary>
    public int Retries { get; init; }

    /// <summary>Before each run, wait up to this many seconds for the rest of the machine to be quiet.</summary>
    public double QuietWait { get; init; }

    public const string Usage = """
        dotnet run -c Release --project tests/Segur.Bench -- [options]
          --postgres "<conn>"   also measure PostgreSQL; <conn> reaches a database (e.g. "postgres") of a role
                                allowed to CREATE DATABASE: each run gets a fresh bench_<random> database, dropped after
          --no-sqlite           skip SQLite
          --seconds N           measured seconds per run (default 10)
          --warmup N            seconds run before measuring (default 5; EF Core needs it)
          --workers 1,8         concurrent workers (default 1,8)
          --instances N         instances started per run, shared out between the workers (default 2000)
          --cases a,b           floor, engine, the scenarios (import, writer-fairness, tables) and the experiments
                                listed by --help (default floor,engine)
          --repeat N            runs per case (default 1); the table shows the median of the undisturbed ones
          --output file.md      also write the results table (Markdown) to a file
          --quiet-wait N        before each run, wait up to N s until the machine is idle (< 10 % busy over 1 s)
          --quick              short runs (2 s warm-up + 3 s per throughput run, fewer repetitions per scenario):
                                each case in under a minute; figures to check a change, not to report
          --retries N           run again, up to N times, a run disturbed by other processes (> 15 % of the machine)
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Next() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            options = args[i] switch
            {
                "--postgres" => options with { Postgres = Next() },
                "--no-sqlite" => options with { Sqlite = false },
                "--quick" => options with { Quick = true, Warmup = 2, Seconds = 3, Instances = 500 },
                "--seconds" => options with { Seconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--warmup" => options with { Warmup = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--workers" => options with { Workers = Next().Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture)).ToList() },
                "--instances" => options with { Instances = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--cases" => options with { Cases = Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList() },
                "--repeat" => options with { Repeat = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--output" => options with { Output = Next() },
                "--retries" => options with { Retries = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--quiet-wait" => options with { QuietWait = double.Parse(Next(), CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }

        if (options.Workers.Any(w => w < 1) || options.Instances < options.Workers.Max() || options.Seconds <= 0 || options.Repeat < 1)
        {
            throw new ArgumentException($"Invalid options.\n{Usage}");
        }

        return options;
    }
}

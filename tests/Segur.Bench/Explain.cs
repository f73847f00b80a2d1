using Microsoft.Data.Sqlite;

namespace Segur.Bench;

/// <summary>
/// <c>explain &lt;file.db&gt; "&lt;sql&gt;"</c>: the query plan and the time of a statement on a SQLite file, through the SQLite
/// the Host runs (the <c>sqlite3</c> shell of the distribution may be older and plan differently, e.g. on expression
/// indexes). For a database kept by <c>SEGUR_BENCH_KEEP=1</c>.
/// </summary>
internal static class Explain
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("explain <fichier.db> \"<sql>\"");
            return 2;
        }

        await using var connection = new SqliteConnection($"Data Source={args[0]};Mode=ReadOnly");
        await connection.OpenAsync();
        foreach (var prefix in new[] { "EXPLAIN QUERY PLAN ", "" })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = prefix + args[1];
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                if (prefix.Length > 0)
                {
                    Console.WriteLine($"  {reader.GetValue(3)}");
                }
                else if (rows++ < 3)
                {
                    Console.WriteLine($"  {string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue))}");
                }
            }

            if (prefix.Length == 0)
            {
                Console.WriteLine($"  {rows} row(s) in {watch.Elapsed.TotalMilliseconds:N1} ms");
            }
        }

        return 0;
    }
}

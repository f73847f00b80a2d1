using System.Diagnostics;
using System.Globalization;
using Segur.Workflows.Exports;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Bench;

/// <summary>
/// The requests CSV export of a supplier with 100,000 requests, as the Host streams it to a response: the time to write the
/// whole file and how far the process's working set rises meanwhile (goal: ≤ 3 s and &lt; 50 MB; docs/benchmarks.md).
/// <c>dotnet run -c Release --project tests/Segur.Bench -- export-requests [--quick] [--rows N]</c>.
/// </summary>
internal static class ExportBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.SkipWhile(a => a != "--rows").Skip(1).Select(int.Parse).DefaultIfEmpty(100_000).First();
        var runs = args.Contains("--quick") ? 1 : 3;
        var folder = Directory.CreateTempSubdirectory("segur-export-bench-").FullName;
        try
        {
            var database = new SegurDatabase(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "bench.db")}");
            await database.MigrateAsync();
            var supplierId = Guid.CreateVersion7();
            var seeding = Stopwatch.StartNew();
            await SeedAsync(database, supplierId, rows);
            Console.WriteLine($"{rows:N0} requests seeded in {seeding.Elapsed.TotalSeconds:N1} s (SQLite, {folder})");

            // The supplier's export never reads the rules (they only hide states from staff).
            var export = new RequestExport(database, rules: null!);
            for (var run = 1; run <= runs; run++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var baseline = Environment.WorkingSet;
                var peak = baseline;
                using var stop = new CancellationTokenSource();
                var sampler = Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, Environment.WorkingSet);
                        await Task.Delay(5);
                    }
                });
                var output = new CountingStream();
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var cpuBefore = Environment.CpuUsage.TotalTime;
                var watch = Stopwatch.StartNew();
                await FrenchCsv.WriteRequestsAsync(output, export.StreamAsync(supplierId, new RequestFilter()));
                watch.Stop();
                var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
                var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                await stop.CancelAsync();
                await sampler;
                peak = Math.Max(peak, Environment.WorkingSet);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  run {run}: {rows:N0} rows, {output.Length / 1024.0 / 1024.0:N1} MB of CSV in {watch.Elapsed.TotalSeconds:N2} s; " +
                    $"working set rise {(peak - baseline) / 1024.0 / 1024.0:N1} MB (from {baseline / 1024.0 / 1024.0:N0} MB); " +
                    $"allocated by the export {allocated / 1024.0 / 1024.0:N0} MB; process CPU {cpu.TotalSeconds:N2} s"));
            }

            // Where the time goes (process CPU, the same rows): reading them only, then writing rows already in memory.
            var cpuRead = Environment.CpuUsage.TotalTime;
            var allocatedRead = GC.GetTotalAllocatedBytes(precise: true);
            var inMemory = new List<RequestExportRow>(Math.Min(rows, 200_000));
            await foreach (var row in export.StreamAsync(supplierId, new RequestFilter()))
            {
                inMemory.Add(row);
            }

            var readCpu = Environment.CpuUsage.TotalTime - cpuRead;
            var readAllocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedRead;
            var cpuWrite = Environment.CpuUsage.TotalTime;
            var allocatedWrite = GC.GetTotalAllocatedBytes(precise: true);
            await FrenchCsv.WriteRequestsAsync(new CountingStream(), Replay(inMemory));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  breakdown: reading the rows {readCpu.TotalSeconds:N2} s CPU, {readAllocated / 1024.0 / 1024.0:N0} MB allocated (list included); " +
                $"writing them as CSV {(Environment.CpuUsage.TotalTime - cpuWrite).TotalSeconds:N2} s CPU, " +
                $"{(GC.GetTotalAllocatedBytes(precise: true) - allocatedWrite) / 1024.0 / 1024.0:N0} MB allocated"));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task SeedAsync(SegurDatabase database, Guid supplierId, int rows)
    {
        const int batch = 5_000;
        var created = DateTime.UtcNow.AddDays(-30);
        for (var start = 0; start < rows; start += batch)
        {
            await using var db = database.CreateContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(rows, start + batch); i++)
            {
                var request = new FinancingRequest
                {
                    Id = Guid.CreateVersion7(), SupplierId = supplierId, NumeroDossier = $"ASP26{i:0000000}", NumeroAsp = $"ASP26{i:0000000}M0",
                    NumeroEditeur = $"BDC-2026-{i:000000}", Type = RequestType.Avance, NumeroAns = "ANS-2026-LGC-0001", Siret = "84123456700011",
                    Denomination = "Cabinet Logiciels Santé Exemple", TypeLogiciel = "LGC", Couloir = "MEDECIN_DE_VILLE", RegimeTva = "TTC",
                    DateCommande = new DateOnly(2026, 9, 15), MontantSegurHTDeclare = 358.33m + (i % 100), EmailContact = "contact@editeur.example",
                    CreatedAt = created.AddSeconds(i),
                };
                request.OnStateEntered(FinancingStates.DefinitionId, "EnCours", "En cours");
                request.ApplyAmounts(new FinancingAmounts(400m, 300m, 360m, 108m));
                db.FinancingRequests.Add(request);
            }

            await db.SaveChangesAsync();
        }
    }

    private static async IAsyncEnumerable<RequestExportRow> Replay(IEnumerable<RequestExportRow> rows)
    {
        foreach (var row in rows)
        {
            yield return row;
        }

        await Task.CompletedTask;
    }

    /// <summary>Counts the bytes written, keeps none (the network in the Host).</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}

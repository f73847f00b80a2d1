using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Financing;
using Segur.Workflows.Imports;
using Segur.Workflows.Instruction;
using Segur.Workflows.Payments;
using Segur.Workflows.Persistence;
using Segur.Workflows.Suppliers;

namespace Segur.Bench;

/// <summary>
/// The data behind the table cases (issue 11, items 2 and 7): one supplier with <see cref="OfSupplier"/> requests and 500
/// imports among <see cref="Total"/> requests of 50 suppliers, ~5 KB of import line each (as real ones), statuses, types,
/// software, amounts, payments for the decided ones, a historised version for the cancelled ones, a few incomplete ones
/// (hidden from staff). Seeded by plain multi-row INSERTs (<see cref="PlainInserts"/>, the import's own path to the
/// database) with the secondary indexes of the seeded tables dropped first and built again at the end, as a bulk load is
/// done: 1,000,000 requests in minutes, not the hours of a million imports. The application's services (definitions
/// seeded) come from <see cref="ImportWorld"/>. Shared by the <c>tables</c> and <c>instruction</c> cases of one run.
/// </summary>
internal sealed class TableWorld : IAsyncDisposable
{
    public const int Suppliers = 50;
    private static readonly string[] s_seededTables = ["FinancingRequests", "Payments", "FinancingRequestVersions", "Imports"];

    private static readonly string[] s_statuses =
        ["En cours", "En cours", "En cours", "En cours", "Validée", "Validée", "Décidée", "Décidée", "À modifier", "En attente de pièce jointe complémentaire", "Rejetée", "Annulée"];

    private static readonly (string Type, string Couloir)[] s_software = [("LGC", "MEDECIN_DE_VILLE"), ("DPI", "HOPITAL"), ("DUI", "MS1"), ("RIS", "RADIOLOGIE")];
    private static readonly string[] s_payments = ["Paiement en cours", "Paiement effectué"];

    private static TableWorld? s_shared;

    private readonly ImportWorld _world;

    private TableWorld(ImportWorld world, Guid supplierId, IReadOnlyList<(Guid Id, string Denomination, string Siret)> suppliers, int ofSupplier, int total, TimeSpan seeding)
    {
        _world = world;
        SupplierId = supplierId;
        AllSuppliers = suppliers;
        OfSupplier = ofSupplier;
        Total = total;
        Seeding = seeding;
    }

    public Guid SupplierId { get; }

    /// <summary>Every supplier (the measured one first): id, dénomination, SIRET.</summary>
    public IReadOnlyList<(Guid Id, string Denomination, string Siret)> AllSuppliers { get; }

    public int OfSupplier { get; }

    public int Total { get; }

    public TimeSpan Seeding { get; }

    public SegurDatabase Database => _world.Database;

    public IServiceProvider Services => _world.Services;

    public InstructionQueries Instruction => _world.Services.GetRequiredService<InstructionQueries>();

    public RequestQueries Requests => _world.Services.GetRequiredService<RequestQueries>();

    public string Size => $"{OfSupplier:N0}/{Total:N0} requests";

    /// <summary>
    /// The world of this run's table cases: seeded by the first case that asks, kept for the next one of the same run
    /// (seeding 1,000,000 requests once), disposed by the last (<see cref="ReleaseAsync"/>).
    /// </summary>
    public static async Task<TableWorld> SharedAsync(IBenchTarget target, BenchOptions options)
    {
        if (s_shared is { } shared && shared._world.Target == target)
        {
            return shared;
        }

        if (s_shared is not null)
        {
            await s_shared.DisposeAsync();
        }

        if (Environment.GetEnvironmentVariable("SEGUR_BENCH_REUSE") is { Length: > 0 } existing)
        {
            return s_shared = await ReuseAsync(target, existing);
        }

        var (ofSupplier, total) = options.Quick ? (5_000, 20_000) : (100_000, 1_000_000);
        // SEGUR_BENCH_TABLE_SIZE=<of one supplier>/<in all>: another size (e.g. 100000/200000 to look at the supplier's
        // plans without seeding a million rows).
        if (Environment.GetEnvironmentVariable("SEGUR_BENCH_TABLE_SIZE")?.Split('/') is [var one, var all])
        {
            (ofSupplier, total) = (int.Parse(one, System.Globalization.CultureInfo.InvariantCulture), int.Parse(all, System.Globalization.CultureInfo.InvariantCulture));
        }

        return s_shared = await CreateAsync(target, ofSupplier, total);
    }

    /// <summary>
    /// A database seeded by an earlier run and kept (<c>SEGUR_BENCH_KEEP=1</c> prints its connection string): migrated to
    /// the code's schema (new indexes built), not seeded again. The measured supplier is the one with the most requests.
    /// </summary>
    private static async Task<TableWorld> ReuseAsync(IBenchTarget target, string connectionString)
    {
        var world = await ImportWorld.CreateAsync(target, 0, connectionString);
        await using var db = world.Database.CreateContext();
        var bySupplier = await db.FinancingRequests.GroupBy(r => r.SupplierId).Select(g => new { Id = g.Key, Count = g.Count() }).ToListAsync();
        var suppliers = await db.Suppliers.Select(s => new { s.Id, s.Denomination, s.Siret }).ToListAsync();
        var measured = bySupplier.MaxBy(s => s.Count)!;
        var all = suppliers.OrderBy(s => s.Id == measured.Id ? 0 : 1).Select(s => (s.Id, s.Denomination, s.Siret)).ToList();
        Console.WriteLine($"  {target.Name}: reusing {bySupplier.Sum(s => s.Count):N0} requests ({measured.Count:N0} of one supplier)");
        return new TableWorld(world, measured.Id, all, measured.Count, bySupplier.Sum(s => s.Count), TimeSpan.Zero);
    }

    /// <summary>Disposes the shared world unless a later case of the run (<paramref name="current"/> being done) uses it.</summary>
    public static async Task ReleaseAsync(BenchOptions options, string current)
    {
        var later = options.Cases.SkipWhile(c => c != current).Skip(1).Any(c => c is "tables" or "instruction");
        if (!later && s_shared is { } shared)
        {
            s_shared = null;
            await shared.DisposeAsync();
        }
    }

    public static async Task<TableWorld> CreateAsync(IBenchTarget target, int ofSupplier, int total)
    {
        var world = await ImportWorld.CreateAsync(target, 0);
        try
        {
            var watch = Stopwatch.StartNew();
            var suppliers = Enumerable.Range(0, Suppliers)
                .Select(i => (Id: Guid.CreateVersion7(), Denomination: i == 0 ? "Cabinet Logiciels Santé Exemple" : $"Éditeur Santé {i:00} SAS", Siret: $"8412345{i:00}00011"))
                .ToList();
            await SeedAsync(world.Database, suppliers, ofSupplier, total);
            var seeding = watch.Elapsed;
            Console.WriteLine($"  {target.Name}: {total:N0} requests ({ofSupplier:N0} of one supplier, 500 imports) seeded in {seeding.TotalSeconds:N0} s");
            return new TableWorld(world, suppliers[0].Id, suppliers, ofSupplier, total, seeding);
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>Seeds <paramref name="total"/> requests, <paramref name="ofSupplier"/> of them of the first supplier.</summary>
    public static async Task SeedAsync(SegurDatabase database, IReadOnlyList<(Guid Id, string Denomination, string Siret)> suppliers, int ofSupplier, int total)
    {
        const int batch = 10_000;
        await using var db = database.CreateContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var sqlite = db.Database.IsSqlite();
        // A bulk load: durability of each batch does not matter (a failed seed is thrown away), index pages stay in memory.
        await ExecuteAsync(connection, sqlite
            ? "PRAGMA synchronous=OFF; PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY"
            : "SET synchronous_commit=off; SET maintenance_work_mem='256MB'");
        var indexes = await DropIndexesAsync(connection, sqlite);

        var supplierId = suppliers[0].Id;
        var start = DateTime.UtcNow.AddDays(-60);
        var existing = await db.Suppliers.Select(s => s.Id).ToListAsync();
        db.Suppliers.AddRange(suppliers.Where(s => !existing.Contains(s.Id)).Select(s => new Supplier
        {
            Id = s.Id, Siret = s.Siret, Denomination = s.Denomination, Address = "1 rue du Banc, 75001 Paris", ContactEmail = $"contact-{s.Siret}@editeur.example", CreatedAt = start,
        }));
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
        var imports = Enumerable.Range(0, 500).Select(i => new Import
        {
            Id = Guid.CreateVersion7(), Number = 1_000_000 + i, SupplierId = supplierId, ImportedAt = start.AddHours(i * 2.8), NumeroAns = $"ANS-2026-LGC-{i % 2:0000}",
            Type = i % 3 == 0 ? RequestType.Solde : RequestType.Avance, FileName = $"demandes-{i:000}.json", LineCount = 200, Retained = 200, Rejected = 0,
            FileHash = $"{i:x64}", ImportedBy = "FRN-BENCH",
        }).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await new PlainInserts(db).Add(imports).SendAsync(CancellationToken.None);
            await transaction.CommitAsync();
        }

        var line = "{\"beneficiaires\":[" + string.Join(",", Enumerable.Range(0, 40).Select(b => $"{{\"rpps\":\"1000{b:0000000}\",\"nom\":\"Bénéficiaire numéro {b}\",\"prenom\":\"Camille\",\"structure\":\"Cabinet médical du centre\"}}")) + "]}";
        var random = new Random(7);
        var every = total / ofSupplier;
        for (var first = 0; first < total; first += batch)
        {
            var requests = new List<FinancingRequest>(batch);
            var versions = new List<FinancingRequestVersion>();
            var payments = new List<Payment>();
            for (var i = first; i < Math.Min(total, first + batch); i++)
            {
                // The supplier's requests are spread among the others' (interleaved ids and dates, as in production).
                var own = i % every == 0 && i / every < ofSupplier;
                var supplier = own ? suppliers[0] : suppliers[1 + (i % (suppliers.Count - 1))];
                // One in a hundred is still incomplete (its documents step not finished): the supplier sees it, staff do not.
                var status = random.Next(100) == 0 ? "Non complétée" : s_statuses[random.Next(s_statuses.Length)];
                var type = random.Next(10) < 7 ? RequestType.Avance : RequestType.Solde;
                var software = random.Next(s_software.Length);
                var request = new FinancingRequest
                {
                    Id = Guid.CreateVersion7(), SupplierId = supplier.Id, ImportId = own ? imports[i % imports.Count].Id : null,
                    // Numbered from 5,000,000: the Host's own numbering (demo requests, later imports) starts at 1.
                    NumeroDossier = $"ASP26{5_000_000 + i:0000000}", NumeroAsp = $"ASP26{5_000_000 + i:0000000}{(type == RequestType.Avance ? "M0" : "M1")}",
                    NumeroEditeur = $"BDC-2026-{i:0000000}", Type = type, NumeroAns = $"ANS-2026-{s_software[software].Type}-{(software * 2) + random.Next(2):0000}",
                    Siret = supplier.Siret, Denomination = supplier.Denomination,
                    TypeLogiciel = s_software[software].Type, Couloir = s_software[software].Couloir, RegimeTva = "TTC", DateCommande = new DateOnly(2026, 9, 15),
                    MontantSegurHTDeclare = Math.Round(100m + (decimal)(random.NextDouble() * 20_000), 2), EmailContact = "contact@editeur.example",
                    LineJson = line, CreatedAt = start.AddSeconds(i * (60.0 * 86_400 / total)),
                };
                request.OnStateEntered(FinancingStates.DefinitionId, Code(status), status);
                if (status is "Validée" or "Décidée" or "Rejetée" or "Annulée")
                {
                    var retenu = Math.Round(request.MontantSegurHTDeclare * 0.9m, 2);
                    request.ApplyAmounts(new FinancingAmounts(retenu * 2, retenu, retenu * 1.2m, status == "Décidée" ? retenu : Math.Round(retenu * 0.8m, 2)));
                }

                requests.Add(request);
                if (status == "Décidée")
                {
                    var payment = Payment.ForDecision(request, request.CreatedAt.AddDays(3));
                    payment.OnStateEntered("payment", "Bench", s_payments[random.Next(2)]);
                    payments.Add(payment);
                }

                if (status == "Annulée")
                {
                    versions.Add(new FinancingRequestVersion
                    {
                        RequestId = request.Id, Number = 1, Status = ArchiveCurrentVersion.ArchivedStatus, Snapshot = "{}", CreatedAt = request.CreatedAt,
                    });
                    request.ArchiveVersion(); // as the cancellation does: the request notes it (docs/decisions/0181)
                }
            }

            await using var transaction = await db.Database.BeginTransactionAsync();
            await new PlainInserts(db).Add(requests).Add(versions).SendAsync(CancellationToken.None);
            db.Payments.AddRange(payments); // owned bank details: through EF
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            db.ChangeTracker.Clear();
        }

        foreach (var create in indexes)
        {
            await ExecuteAsync(connection, create);
        }

        // PostgreSQL's autovacuum analyses and vacuums a table after such a load (the vacuum sets the visibility map, without which
        // every « Index Only Scan » reads the rows too, and the planner prefers other plans: the first minute of a fresh bench
        // database measured 14 → 22 ms of CPU per staff page depending on whether autovacuum had passed, decision 0234);
        // SQLite gathers no statistics unless asked, and the Host never asks (so neither does the bench: the plans measured are
        // the Host's).
        await ExecuteAsync(connection, sqlite ? "PRAGMA wal_checkpoint(TRUNCATE)" : "VACUUM ANALYZE");
    }

    /// <summary>The state code of a label, as the definition spells it.</summary>
    private static string Code(string label) => label switch
    {
        "Non complétée" => FinancingStates.NonCompletee,
        "En cours" => FinancingStates.EnCours,
        "Validée" => FinancingStates.Validee,
        "Décidée" => FinancingStates.Decidee,
        "À modifier" => FinancingStates.AModifier,
        "Rejetée" => FinancingStates.Rejetee,
        "Annulée" => FinancingStates.Annulee,
        _ => FinancingStates.EnAttentePiece,
    };

    /// <summary>Drops the secondary indexes of the seeded tables and returns the statements that create them again.</summary>
    private static async Task<List<string>> DropIndexesAsync(DbConnection connection, bool sqlite)
    {
        var tables = string.Join(", ", s_seededTables.Select(t => $"'{t}'"));
        var found = new List<(string Name, string Sql)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = sqlite
                ? $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({tables})"
                : $"SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ({tables}) AND indexname NOT LIKE 'PK\\_%'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                found.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in found)
        {
            await ExecuteAsync(connection, $"DROP INDEX \"{name}\"");
        }

        return [.. found.Select(f => f.Sql)];
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>With <c>SEGUR_BENCH_KEEP=1</c> the database is left in place (its connection string printed) to look at its plans.</summary>
    public ValueTask DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("SEGUR_BENCH_KEEP") == "1" || Environment.GetEnvironmentVariable("SEGUR_BENCH_REUSE") is { Length: > 0 })
        {
            Console.WriteLine($"  kept: {_world.ConnectionString}");
            return ValueTask.CompletedTask;
        }

        return _world.DisposeAsync();
    }
}

using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Telemetry;
using Segur.Workflows.Imports;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Imports;

/// <summary>
/// An import is checked and its rows built before its write (decision 0175); when another write commits in between, the
/// write checks the file again on what it commits on. SQLite, where the writer loop makes "in between" observable.
/// </summary>
public sealed class ImportChecksBeforeTheWriteTests : IAsyncLifetime
{
    private EngineHost _host = null!;
    private ImportFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _host = await EngineHost.StartAsync(DatabaseKind.Sqlite);
        _fixture = await ImportFixture.CreateAsync(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TwoFilesCheckedBeforeEitherIsWritten_SharingANumeroEditeur_TheSecondWrittenRejectsThatLineOnly()
    {
        var first = _fixture.Sample();
        var second = _fixture.Sample();
        ImportFixture.Lines(second)[0]["numeroEditeur"] = ImportFixture.Lines(first)[0]["numeroEditeur"]!.GetValue<string>();
        var writer = _host.Services.GetService<DatabaseWriter>();

        // The writer is held while both files are read, checked and built: neither sees the other's rows in its checks.
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = writer.WriteAsync(async _ =>
        {
            holding.SetResult();
            await release.Task;
        });
        await holding.Task;
        using var prepared = new PreparedImports();
        var imports = new[] { first, second }.Select(file => prepared.Run(() => _fixture.ImportAsync(file))).ToList();
        await prepared.WaitUntilAsync(2);
        release.SetResult();
        await held;
        var results = await Task.WhenAll(imports);

        // Neither is refused whole (which the unique index would have forced had the second not been checked again).
        Assert.All(results, r => Assert.Equal(3, r.Lines));
        var lineZero = results.Select(r => r.LineResults[0].Code).Order().ToList();
        Assert.Equal([TreatmentCodes.Doublon, TreatmentCodes.Retenue], lineZero);
        Assert.All(results, r => Assert.Equal([TreatmentCodes.Retenue, TreatmentCodes.Retenue], r.LineResults.Skip(1).Select(l => l.Code)));
        await using var db = _host.NewContext();
        Assert.Equal(5, await db.FinancingRequests.CountAsync(r => r.SupplierId == _fixture.Supplier.Id));
    }

    [Fact]
    public async Task AFileCheckedWhileNothingElseIsWritten_IsStoredAsChecked()
    {
        var result = await _fixture.ImportAsync(_fixture.Sample());

        Assert.Equal(3, result.Retained);
        await using var db = _host.NewContext();
        Assert.Equal(3, await db.FinancingBeneficiaries.CountAsync(b => db.FinancingRequests.Any(r => r.Id == b.RequestId && r.SupplierId == _fixture.Supplier.Id)));
    }

    [Fact]
    public async Task AOneLineImportOfAnotherSupplier_SentWhileALargeImportWaitsForTheWriter_IsStoredFirst()
    {
        var other = await ImportFixture.CreateAsync(_host);
        var large = _fixture.LargeFile(40);
        var small = other.Sample();
        small["lignesImport"] = new System.Text.Json.Nodes.JsonArray(ImportFixture.Lines(small)[0].DeepClone());
        var writer = _host.Services.GetService<DatabaseWriter>();

        // The writer is busy while the large import, then the small one, are read and checked: both then wait for it.
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = writer.WriteAsync(async _ =>
        {
            holding.SetResult();
            await release.Task;
        });
        await holding.Task;
        using var prepared = new PreparedImports();
        var largeImport = prepared.Run(() => _fixture.ImportAsync(large));
        await prepared.WaitUntilAsync(1);
        var smallImport = prepared.Run(() => other.ImportAsync(small));
        await prepared.WaitUntilAsync(2);
        release.SetResult();
        await held;
        var (largeResult, smallResult) = (await largeImport, await smallImport);

        // Decision 0241: the 1-line import is a small write; it does not wait for the large import queued before it.
        Assert.Equal(40, largeResult.Retained);
        Assert.Equal(1, smallResult.Retained);
        Assert.True(smallResult.ImportNumber < largeResult.ImportNumber,
            $"the 1-line import (n° {smallResult.ImportNumber}) was stored after the large one (n° {largeResult.ImportNumber})");
    }

    [Fact]
    public async Task ALargeImportThatFailsHalfway_LeavesNothingWritten()
    {
        var large = _fixture.LargeFile(40);
        var lastRpps = ImportFixture.Rpps(ImportFixture.Lines(large)[^1]);
        await using var db = _host.NewContext();
        var before = await CountsAsync(db);
        // The database refuses the last beneficiary: by then the lifecycles are started and the import and its requests sent.
        var refuse =
            $"CREATE TRIGGER test_refuse_last BEFORE INSERT ON \"FinancingBeneficiaries\" WHEN NEW.\"Identifier\" = '{lastRpps}' BEGIN SELECT RAISE(ABORT, 'refusé pour le test'); END;";
        await db.Database.ExecuteSqlRawAsync(refuse);
        try
        {
            await Assert.ThrowsAnyAsync<Exception>(() => _fixture.ImportAsync(large));
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER test_refuse_last;");
        }

        Assert.Equal(before, await CountsAsync(db));
        Assert.False(await db.FinancingRequests.AnyAsync(r => r.SupplierId == _fixture.Supplier.Id), "a request of the failed import was kept");
        Assert.False(await db.Imports.AnyAsync(i => i.SupplierId == _fixture.Supplier.Id), "the failed import was kept");

        // The same file, once the database takes it, is imported whole.
        Assert.Equal(40, (await _fixture.ImportAsync(large)).Retained);
    }

    /// <summary>Rows of every table an import writes to.</summary>
    private static async Task<string> CountsAsync(SegurDbContext db) => string.Join(", ",
        await db.Imports.CountAsync(), await db.FinancingRequests.CountAsync(), await db.FinancingBeneficiaries.CountAsync(),
        await db.WorkflowInstances.CountAsync(), await db.WorkflowTimers.CountAsync(), await db.WorkflowJournal.CountAsync(),
        await db.OutboxMessages.CountAsync());

    /// <summary>Imports started under one parent activity, and how many of them have been checked and built (tag "prepared").</summary>
    private sealed class PreparedImports : IDisposable
    {
        private readonly Activity _parent = new Activity("test").Start();
        private readonly List<Activity> _imports = [];
        private readonly ActivityListener _listener;

        public PreparedImports()
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == SegurTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStarted = activity =>
                {
                    if (activity.OperationName == "segur.import" && activity.ParentId == _parent.Id)
                    {
                        lock (_imports)
                        {
                            _imports.Add(activity);
                        }
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public Task<T> Run<T>(Func<Task<T>> import)
        {
            Activity.Current = _parent;
            return Task.Run(import);
        }

        public async Task WaitUntilAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Prepared() < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {Prepared()} of {count} imports were checked before the write within 60 s");
                await Task.Delay(10);
            }
        }

        private int Prepared()
        {
            lock (_imports)
            {
                return _imports.Count(a => a.GetTagItem("segur.import.prepared_ms") is not null);
            }
        }

        public void Dispose()
        {
            _listener.Dispose();
            _parent.Stop();
        }
    }
}

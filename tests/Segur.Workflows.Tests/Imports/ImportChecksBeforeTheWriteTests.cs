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

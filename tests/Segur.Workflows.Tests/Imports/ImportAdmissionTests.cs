using Segur.Workflows.Imports;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Imports;

/// <summary>Large imports take turns for the processor, in the order they arrived; small ones go at once (decision 0256).</summary>
public sealed class ImportAdmissionTests
{
    private const int Large = ImportAdmission.SmallFileBytes + 1;

    [Fact]
    public async Task LargeFiles_TakeTheirTurn_InTheOrderTheyArrived()
    {
        var admission = new ImportAdmission(turns: 1);
        var first = await admission.WaitForTurnAsync(Large, CancellationToken.None);
        var second = admission.WaitForTurnAsync(Large, CancellationToken.None);
        var third = admission.WaitForTurnAsync(Large, CancellationToken.None);
        Assert.Equal(2, admission.Waiting);

        first.Dispose();
        (await second).Dispose();
        using var last = await third;

        Assert.Equal(0, admission.Waiting);
    }

    [Fact]
    public async Task TheSecondOfThree_IsNotAdmitted_BeforeTheFirstGivesItsTurnBack()
    {
        var admission = new ImportAdmission(turns: 1);
        using var first = await admission.WaitForTurnAsync(Large, CancellationToken.None);
        var second = admission.WaitForTurnAsync(Large, CancellationToken.None);
        var third = admission.WaitForTurnAsync(Large, CancellationToken.None);

        first.Dispose();
        using var admitted = await second;

        Assert.False(third.IsCompleted);
        Assert.Equal(1, admission.Waiting);
    }

    [Fact]
    public async Task ASmallFile_IsAdmittedAtOnce_WhileLargeOnesWait()
    {
        var admission = new ImportAdmission(turns: 1);
        using var large = await admission.WaitForTurnAsync(Large, CancellationToken.None);
        var waiting = admission.WaitForTurnAsync(Large, CancellationToken.None);

        var small = admission.WaitForTurnAsync(ImportAdmission.SmallFileBytes, CancellationToken.None);

        Assert.True(small.IsCompletedSuccessfully);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task ATurnGivenBackTwice_FreesOneTurnOnly()
    {
        var admission = new ImportAdmission(turns: 1);
        var first = await admission.WaitForTurnAsync(Large, CancellationToken.None);
        var second = admission.WaitForTurnAsync(Large, CancellationToken.None);
        var third = admission.WaitForTurnAsync(Large, CancellationToken.None);

        first.Dispose();
        first.Dispose();
        using var admitted = await second;

        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task AnImportNoLongerAwaited_LeavesTheQueue()
    {
        var admission = new ImportAdmission(turns: 1);
        using var large = await admission.WaitForTurnAsync(Large, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var abandoned = admission.WaitForTurnAsync(Large, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(0, admission.Waiting);
    }
}

/// <summary>
/// Through the import service, on both databases: a large import waits while every turn is taken, a small one of another
/// file goes through meanwhile, and the large one is imported whole once a turn is free.
/// </summary>
public abstract class ImportTurnsTests(DatabaseKind kind) : ImportFixtureTests(kind)
{
    [Fact]
    public async Task ALargeImport_WaitsForATurn_WhileASmallOneIsImported()
    {
        var admission = Host.Services.GetService<ImportAdmission>();
        var taken = new List<ImportAdmission.Turn>();
        for (var i = 0; i < admission.Turns; i++)
        {
            taken.Add(await admission.WaitForTurnAsync(ImportAdmission.SmallFileBytes + 1, CancellationToken.None));
        }

        // Nothing before the turn is awaited: the import is queued when the call returns.
        var large = Fixture.ImportAsync(Fixture.LargeFile(60));
        Assert.Equal(1, admission.Waiting);
        var small = await Fixture.ImportAsync(Fixture.Sample());

        Assert.Equal(3, small.Retained);
        Assert.False(large.IsCompleted);
        taken.ForEach(t => t.Dispose());
        Assert.Equal(60, (await large).Retained);
    }
}

public sealed class SqliteImportTurnsTests() : ImportTurnsTests(DatabaseKind.Sqlite);

public sealed class PostgreSqlImportTurnsTests() : ImportTurnsTests(DatabaseKind.PostgreSql);

using Segur.Workflows.Imports;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Imports;

/// <summary>Large imports take turns to be read, then to be stored, in the order they arrived; small ones go at once (decision 0256).</summary>
public sealed class ImportAdmissionTests
{
    private const int Large = ImportAdmission.SmallFileBytes + 1;

    [Fact]
    public async Task LargeFiles_TakeTheirTurn_InTheOrderTheyArrived()
    {
        var admission = new ImportAdmission(turns: 1);
        var first = await admission.WaitToReadAsync(Large, CancellationToken.None);
        var second = admission.WaitToReadAsync(Large, CancellationToken.None);
        var third = admission.WaitToReadAsync(Large, CancellationToken.None);
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
        using var first = await admission.WaitToReadAsync(Large, CancellationToken.None);
        var second = admission.WaitToReadAsync(Large, CancellationToken.None);
        var third = admission.WaitToReadAsync(Large, CancellationToken.None);

        first.Dispose();
        using var admitted = await second;

        Assert.False(third.IsCompleted);
        Assert.Equal(1, admission.Waiting);
    }

    [Fact]
    public async Task ASmallFile_IsAdmittedAtOnce_WhileLargeOnesWait()
    {
        var admission = new ImportAdmission(turns: 1);
        using var large = await admission.WaitToReadAsync(Large, CancellationToken.None);
        var waiting = admission.WaitToReadAsync(Large, CancellationToken.None);

        var small = admission.WaitToReadAsync(ImportAdmission.SmallFileBytes, CancellationToken.None);

        Assert.True(small.IsCompletedSuccessfully);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task ATurnGivenBackTwice_FreesOneTurnOnly()
    {
        var admission = new ImportAdmission(turns: 1);
        var first = await admission.WaitToReadAsync(Large, CancellationToken.None);
        var second = admission.WaitToReadAsync(Large, CancellationToken.None);
        var third = admission.WaitToReadAsync(Large, CancellationToken.None);

        first.Dispose();
        first.Dispose();
        using var admitted = await second;

        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task AFileWaitingToBeStored_GivesItsTurnToRead_OnlyOnceItMayStore()
    {
        var admission = new ImportAdmission(turns: 1);
        var firstRead = await admission.WaitToReadAsync(Large, CancellationToken.None);
        var firstStores = await admission.WaitToStoreAsync(firstRead, CancellationToken.None);
        var secondRead = await admission.WaitToReadAsync(Large, CancellationToken.None);

        var secondStores = admission.WaitToStoreAsync(secondRead, CancellationToken.None);
        var thirdRead = admission.WaitToReadAsync(Large, CancellationToken.None);
        Assert.False(secondStores.IsCompleted);
        Assert.False(thirdRead.IsCompleted);

        firstStores.Dispose();
        using var stored = await secondStores;
        using var read = await thirdRead;
        Assert.Equal(0, admission.Waiting);
    }

    [Fact]
    public async Task ASmallFile_KeepsItsOwnTurnToStore_WhileALargeOneIsStored()
    {
        var admission = new ImportAdmission(turns: 1);
        using var large = await admission.WaitToStoreAsync(await admission.WaitToReadAsync(Large, CancellationToken.None), CancellationToken.None);

        var small = admission.WaitToStoreAsync(await admission.WaitToReadAsync(ImportAdmission.SmallFileBytes, CancellationToken.None), CancellationToken.None);

        Assert.True(small.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AnImportNoLongerAwaited_LeavesTheQueue()
    {
        var admission = new ImportAdmission(turns: 1);
        using var large = await admission.WaitToReadAsync(Large, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var abandoned = admission.WaitToReadAsync(Large, cancel.Token);

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
            taken.Add(await admission.WaitToReadAsync(ImportAdmission.SmallFileBytes + 1, CancellationToken.None));
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

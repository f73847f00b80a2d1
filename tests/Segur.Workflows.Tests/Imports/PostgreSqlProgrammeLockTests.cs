using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Imports;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Imports;

/// <summary>
/// On PostgreSQL an import takes its programme's lock after writing its rows, for a last read of its beneficiaries and the
/// commit (decision 0227): a beneficiary taken meanwhile by another import is still refused.
/// </summary>
public sealed class PostgreSqlProgrammeLockTests : IAsyncLifetime
{
    private EngineHost _host = null!;
    private ImportFixture _fixture = null!;

    public async Task InitializeAsync()
    {
        _host = await EngineHost.StartAsync(DatabaseKind.PostgreSql);
        _fixture = await ImportFixture.CreateAsync(_host);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ABeneficiaryTakenBetweenTheChecksAndTheCommit_IsRefused_AndTheOtherLinesAreRetained()
    {
        var earlier = (await _fixture.ImportAsync(_fixture.Sample())).LineResults[0].NumeroAsp!;
        var file = _fixture.Sample();
        var rpps = ImportFixture.Rpps(ImportFixture.Lines(file)[1]);

        // Another writer holds the programme: the import checks and writes its rows, then waits for it at its last read.
        await using var other = _host.NewContext();
        await using var transaction = await other.Database.BeginTransactionAsync();
        await Prestations.LockProgrammeAsync(other, _fixture.Enrolment.Couloir, _fixture.Enrolment.TypeLogiciel, CancellationToken.None);
        var importing = _fixture.ImportAsync(file);
        await PostgreSqlLocks.WaitForAWaiterAsync(_host, "advisory", importing, "L'import");

        // ... during which that writer gives the line's beneficiary to the earlier request, and commits.
        var holder = await other.FinancingRequests.Where(r => r.NumeroAsp == earlier).Select(r => r.Id).SingleAsync();
        await other.Database.ExecuteSqlAsync($"""
            INSERT INTO "FinancingBeneficiaries" ("RequestId", "Identifier", "Kind", "Couloir", "TypeLogiciel")
            VALUES ({holder}, {rpps}, 'RPPS', {_fixture.Enrolment.Couloir}, {_fixture.Enrolment.TypeLogiciel})
            """);
        await transaction.CommitAsync();
        var result = await importing;

        Assert.Equal([TreatmentCodes.Retenue, TreatmentCodes.BeneficiaireDejaFinance, TreatmentCodes.Retenue], result.LineResults.Select(l => l.Code));
        Assert.Contains($"(votre demande {earlier}, non complétée", result.LineResults[1].Message, StringComparison.Ordinal);
        await using var db = _host.NewContext();
        Assert.Equal([holder], await db.FinancingBeneficiaries.Where(b => b.Identifier == rpps).Select(b => b.RequestId).ToListAsync());
        Assert.Equal(2, await db.FinancingRequests.CountAsync(r => r.ImportId == db.Imports.OrderByDescending(i => i.Number).First().Id));
    }

    [Fact]
    public async Task AnImportWaitingForItsProgramme_HoldsNoNumber_SoAnImportOfAnotherProgrammeGoesThrough()
    {
        await _fixture.ImportAsync(_fixture.Sample());
        var other = await ImportFixture.CreateAsync(_host, couloir: "HOPITAL", typeLogiciel: "DPI");

        await using var holder = _host.NewContext();
        await using var transaction = await holder.Database.BeginTransactionAsync();
        await Prestations.LockProgrammeAsync(holder, _fixture.Enrolment.Couloir, _fixture.Enrolment.TypeLogiciel, CancellationToken.None);
        var waiting = _fixture.ImportAsync(_fixture.Sample());
        await PostgreSqlLocks.WaitForAWaiterAsync(_host, "advisory", waiting, "L'import");

        // Before decision 0229 the waiting import held the import counter's row to its commit: this one waited for it.
        var through = await other.ImportAsync(other.Sample()).WaitAsync(TimeSpan.FromMinutes(2));
        Assert.False(waiting.IsCompleted);
        await transaction.CommitAsync();
        var first = await waiting;

        Assert.Equal(3, first.Retained);
        Assert.True(through.ImportNumber > first.ImportNumber, $"{through.ImportNumber} après {first.ImportNumber}");
    }
}

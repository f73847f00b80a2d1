using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;
using Segur.Workflows.Tests.TestSupport;

namespace Segur.Workflows.Tests.Persistence;

/// <summary>Numbers handed out in order (imports, dossiers, contacts): never twice, whoever asks at the same time.</summary>
public abstract class CountersTests(DatabaseKind kind) : IAsyncLifetime
{
    protected EngineHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await EngineHost.StartAsync(kind);

    public async Task DisposeAsync() => await Host.DisposeAsync();

    [Fact]
    public async Task ANewCounter_StartsAtOne_AndEachReservationFollowsTheLast()
    {
        var name = "essai-" + Guid.NewGuid().ToString("N")[..8];

        Assert.Equal(1, await ReserveAsync(name, 3));
        Assert.Equal(4, await ReserveAsync(name, 1));
        Assert.Equal(5, await ReserveAsync(name, 10));
        await using var db = Host.NewContext();
        Assert.Equal(14, await db.Counters.Where(c => c.Name == name).Select(c => c.Value).SingleAsync());
    }

    [Fact]
    public async Task SeveralCounters_ReservedTogether_EachFollowItsOwnLast()
    {
        var (imports, dossiers) = ("import-" + Guid.NewGuid().ToString("N")[..8], "dossier-" + Guid.NewGuid().ToString("N")[..8]);
        Assert.Equal(1, await ReserveAsync(imports, 5));

        await using var db = Host.NewContext();
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            Assert.Equal(new long[] { 6, 1 }, await Counters.ReserveAsync(db, [(imports, 1), (dossiers, 200)], CancellationToken.None));
            await transaction.CommitAsync();
        }

        Assert.Equal(new long[] { 7, 201 }, await Counters.ReserveAtOnceAsync(Host.Database, [(imports, 1), (dossiers, 3)], CancellationToken.None));
        Assert.Equal(203, await db.Counters.Where(c => c.Name == dossiers).Select(c => c.Value).SingleAsync());
    }

    protected async Task<long> ReserveAsync(string name, int count)
    {
        await using var db = Host.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var first = await Counters.ReserveAsync(db, name, count, CancellationToken.None);
        await transaction.CommitAsync();
        return first;
    }
}

public sealed class SqliteCountersTests() : CountersTests(DatabaseKind.Sqlite);

/// <summary>PostgreSQL's writers run at once (SQLite's take turns).</summary>
public sealed class PostgreSqlCountersTests() : CountersTests(DatabaseKind.PostgreSql)
{
    [Fact]
    public async Task TwoWriters_ReservingFromACounterThatDoesNotExistYet_BothGetTheirOwnNumbers()
    {
        var name = "contact-" + Guid.NewGuid().ToString("N")[..8];
        await using var first = Host.NewContext();
        await using var firstTransaction = await first.Database.BeginTransactionAsync();
        Assert.Equal(1, await Counters.ReserveAsync(first, name, 2, CancellationToken.None));

        var second = ReserveAsync(name, 1);
        await PostgreSqlLocks.WaitForAWaiterAsync(Host, "transactionid", second, "La seconde réservation");

        await firstTransaction.CommitAsync();
        Assert.Equal(3, await second);
    }
}

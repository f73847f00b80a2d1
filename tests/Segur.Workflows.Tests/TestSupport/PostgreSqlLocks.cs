using Microsoft.EntityFrameworkCore;

namespace Segur.Workflows.Tests.TestSupport;

/// <summary>What a test sees of PostgreSQL's locks, to let a writer reach a wait before the test goes on.</summary>
public static class PostgreSqlLocks
{
    /// <summary>
    /// Returns once a session of the host's database waits for a lock of <paramref name="lockType"/> (<c>advisory</c>,
    /// <c>transactionid</c>…). Fails if <paramref name="watched"/> ends first or nothing waits within two minutes.
    /// </summary>
    public static async Task WaitForAWaiterAsync(EngineHost host, string lockType, Task watched, string what)
    {
        await using var db = host.NewContext();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await db.Database.SqlQuery<int>($"""
                   SELECT count(*)::int AS "Value" FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid
                   WHERE NOT l.granted AND l.locktype = {lockType} AND a.datname = current_database()
                   """).SingleAsync() == 0)
        {
            Assert.False(watched.IsCompleted, $"{what} s'est terminé sans attendre de verrou.");
            Assert.True(DateTime.UtcNow < deadline, $"{what} n'attend toujours pas de verrou après deux minutes.");
            await Task.Delay(20); // the interval between two looks at pg_locks (PostgreSQL tells no one of a wait)
        }
    }
}

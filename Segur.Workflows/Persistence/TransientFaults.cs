using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Segur.Workflows.Persistence;

/// <summary>
/// Database errors that go away when the same write runs again: SQLite busy or locked, PostgreSQL serialization
/// failure (40001), deadlock (40P01), and a connection lost before the commit was sent (decision 0090).
/// </summary>
public static class TransientFaults
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    /// <summary>
    /// True when running the write again is safe and may succeed. A connection lost while committing is not retried:
    /// the commit may have happened.
    /// </summary>
    public static bool IsRetryable(Exception error, bool committing)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite:
                    return (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked;
                case PostgresException postgres:
                    return postgres.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected
                        || (!committing && postgres.SqlState.StartsWith("08", StringComparison.Ordinal));
                case NpgsqlException npgsql when !committing && npgsql.IsTransient:
                    return true;
                case SocketException or IOException when !committing:
                    return true;
            }
        }

        return false;
    }

    /// <summary>True for a fault that says the database cannot be reached (the Host answers 503 and waits for it).</summary>
    public static bool IsUnavailable(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case SqliteException sqlite when (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked or 14 /* CANTOPEN */ or 10 /* IOERR */:
                case PostgresException postgres when postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                                                     || postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300":
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>The pause before try <paramref name="attempt"/> + 1: 25 ms, 100 ms, 400 ms, with a little jitter.</summary>
    public static TimeSpan Pause(int attempt) =>
        TimeSpan.FromMilliseconds(25 * Math.Pow(4, attempt - 1) * (0.8 + Random.Shared.NextDouble() * 0.4));
}

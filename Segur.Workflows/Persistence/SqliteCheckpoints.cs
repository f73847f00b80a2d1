using System.Globalization;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Segur.Workflows.Persistence;

/// <summary>
/// Checkpoints of the SQLite write-ahead log beside the writer, not inside its commits (decision 0258). SQLite's own
/// automatic checkpoint runs in the commit that takes the log past 1,000 pages: that commit copies the log into the
/// database and syncs it before it returns (25–70 ms for a 200-line import's 1,200 pages), paid by whichever write was
/// last. Here the writer's connection reports the log's size after each commit (SQLite's WAL hook, which also turns its
/// automatic checkpoint off), and once <see cref="Pages"/> are not yet copied a connection of our own makes a passive
/// checkpoint (it never blocks the writer nor a reader) while the writer goes on. Such a checkpoint cannot let the log
/// start again from its beginning while writes keep coming (SQLite restarts it only when a write begins with all of it
/// copied), so past <see cref="WriterLimit"/> the writer copies what is left itself after its commit, as SQLite would.
/// </summary>
internal sealed class SqliteCheckpoints(string connectionString, ILogger logger) : IAsyncDisposable
{
    /// <summary>
    /// With this many pages of the log not yet copied (about 16 MB, three imports; SQLite's own threshold is 1,000), a
    /// checkpoint is asked for: copying less often copies once a page that many commits rewrote, and syncs the database less.
    /// </summary>
    internal int Pages { get; init; } = 4_000;

    /// <summary>
    /// With this many pages in the log (about 64 MB), the writer checkpoints itself after its commit: it copies what the
    /// checkpoints beside it have not (usually the last write's pages), and the log starts again at the next write.
    /// </summary>
    internal int WriterLimit { get; init; } = 16_000;

    private readonly Channel<bool> _asked = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _starting = new();

    /// <summary>One checkpoint at a time: a passive one finding another under way would copy nothing.</summary>
    private readonly SemaphoreSlim _copying = new(1, 1);
    private Task? _loop;
    private WalHook? _hook;
    private int _logPages;
    private int _copiedPages;

    /// <summary>Tests: raised after each checkpoint made beside the writer, on its loop.</summary>
    internal event Action? Checkpointed;

    /// <summary>Tests: while set, the checkpoints asked for wait (the log then grows as if they fell behind).</summary>
    internal Task? Held { get; set; }

    /// <summary>True when the log has reached <see cref="WriterLimit"/>: the writer checkpoints before its next batch.</summary>
    public bool WriterMustCheckpoint => Volatile.Read(ref _logPages) >= WriterLimit;

    /// <summary>
    /// Follows the log's size through <paramref name="writer"/>'s commits, which no longer checkpoint. The hook lives as
    /// long as the connection (the writer's own, not pooled: decision 0222).
    /// </summary>
    public void Watch(SqliteConnection writer)
    {
        _hook ??= OnCommit;
        var handle = writer.Handle ?? throw new InvalidOperationException("The writer's connection is not open.");
        try
        {
            NativeHooks.sqlite3_wal_hook(handle.DangerousGetHandle(), _hook, IntPtr.Zero);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another SQLite library than e_sqlite3: its own automatic checkpoint stays on, in the commits, as before 0258.
            logger.LogWarning(ex, "The write-ahead log's size cannot be followed: SQLite checkpoints it in the writer's commits");
            return;
        }

        lock (_starting)
        {
            _loop ??= Task.Run(CheckpointLoopAsync);
        }
    }

    /// <summary>The writer's own passive checkpoint, once the log has reached <see cref="WriterLimit"/>.</summary>
    public async Task CheckpointAsync(SqliteConnection writer)
    {
        await _copying.WaitAsync();
        long log, copied;
        try
        {
            (log, copied) = await PassiveCheckpointAsync(writer);
        }
        finally
        {
            _copying.Release();
        }

        Volatile.Write(ref _logPages, 0);
        Volatile.Write(ref _copiedPages, 0);
        // Debug: while a reader keeps an old snapshot the log cannot start again, and this runs after every commit.
        logger.LogDebug("The write-ahead log reached {Log} pages: the writer copied {Copied} of them into the database", log, copied);
    }

    public async ValueTask DisposeAsync()
    {
        _asked.Writer.TryComplete();
        if (_loop is not null)
        {
            await _loop;
        }

        _copying.Dispose();
    }

    /// <summary>Called by SQLite on the writer's thread after each commit: only notes and asks, never throws.</summary>
    private int OnCommit(IntPtr argument, IntPtr db, IntPtr name, int pages)
    {
        // Fewer pages than copied: the log has started again from its beginning.
        var copied = Volatile.Read(ref _copiedPages);
        Volatile.Write(ref _logPages, pages);
        if (pages - (pages >= copied ? copied : 0) >= Pages)
        {
            _asked.Writer.TryWrite(true);
        }

        return 0;
    }

    private async Task CheckpointLoopAsync()
    {
        SqliteConnection? connection = null;
        await foreach (var _ in _asked.Reader.ReadAllAsync())
        {
            try
            {
                if (Held is { } held)
                {
                    await held;
                }

                if (connection is null)
                {
                    connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString());
                    await connection.OpenAsync();
                }

                await _copying.WaitAsync();
                try
                {
                    var (_, copied) = await PassiveCheckpointAsync(connection);
                    Volatile.Write(ref _copiedPages, (int)Math.Max(0, copied));
                }
                finally
                {
                    _copying.Release();
                }

                Checkpointed?.Invoke();
            }
            catch (Exception ex)
            {
                // The loop never stops: the next commit past the threshold asks again, on a new connection; the writer's
                // limit bounds the log meanwhile.
                logger.LogWarning(ex, "A checkpoint of the write-ahead log failed");
                if (connection is not null)
                {
                    await connection.DisposeAsync();
                    connection = null;
                }
            }
        }

        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>Copies into the database what of the log no reader still needs; returns the log's pages and those copied.</summary>
    private static async Task<(long Log, long Copied)> PassiveCheckpointAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        await using var row = await command.ExecuteReaderAsync();
        await row.ReadAsync();
        return (Convert.ToInt64(row.GetValue(1), CultureInfo.InvariantCulture), Convert.ToInt64(row.GetValue(2), CultureInfo.InvariantCulture));
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int WalHook(IntPtr argument, IntPtr db, IntPtr name, int pages);

    /// <summary>SQLitePCLRaw does not expose <c>sqlite3_wal_hook</c>: it is called in the library it loads (e_sqlite3).</summary>
    private static class NativeHooks
    {
#pragma warning disable SYSLIB1054 // LibraryImport cannot pass a managed delegate; the callback stays a delegate kept alive by its owner.
        [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
        internal static extern IntPtr sqlite3_wal_hook(IntPtr db, WalHook hook, IntPtr argument);
#pragma warning restore SYSLIB1054
    }
}

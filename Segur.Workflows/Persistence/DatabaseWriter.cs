using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Segur.Workflows.Persistence;

/// <summary>
/// Runs every write of the application in a transaction and returns once it is durable.
/// <para>
/// SQLite has one writer at a time and a durable commit costs one disk flush (~200 µs here), which caps one
/// commit per write at a few thousand per second. So on SQLite the writes are queued to one writer loop that owns
/// one connection and commits the writes waiting in its queue together (group commit): a failing write is undone alone
/// and gets its exception, and a caller's task completes only after the commit (docs/decisions/0031-sqlite-group-commit.md).
/// The writes run without a savepoint each until one fails after changing rows: then the transaction is rolled back whole,
/// the writes that had succeeded run again and the rest of the batch runs in a savepoint per write (decision 0253). A batch stops taking writes after 20 ms of work, a
/// large write commits alone, and small writes may go once before a large write waiting for its turn, so no write waits
/// long for others' (0120, 0241). Other databases take concurrent
/// transactions: each write runs at once in its own transaction.
/// </para>
/// A write must not call <see cref="WriteAsync{T}"/> again (it fails at once: on SQLite it would wait for itself) nor
/// begin or commit a transaction: the writer does. Transient faults (SQLite busy, PostgreSQL serialization failure,
/// deadlock, broken connection before the commit) are retried a few times with a growing pause; a write may therefore
/// run more than once and must not have effects outside its transaction (decision 0090). On SQLite a caller's code after
/// its write runs on a thread-pool thread that then tells other callers of the same commit: it must not block (decision 0190).
/// </summary>
public sealed class DatabaseWriter : IAsyncDisposable
{
    /// <summary>Most writes in one commit; enough for the fsync to stop being the limit, small enough to keep latency.</summary>
    private const int MaxBatch = 64;

    /// <summary>
    /// Most work in one commit: a batch takes no further write once its writes have run this long, so a write waits for
    /// at most about this much of other writers' work besides its own batch's (docs/decisions/0120-fair-group-commit-and-batched-starts.md).
    /// </summary>
    internal static readonly TimeSpan MaxBatchWork = TimeSpan.FromMilliseconds(20);

    /// <summary>Tries of one write (or, on SQLite, of opening one group commit) before its transient fault is reported.</summary>
    internal const int MaxAttempts = 4;

    private static readonly AsyncLocal<bool> s_inWrite = new();

    private readonly SegurDatabase _database;
    private readonly ILogger<DatabaseWriter> _logger;
    private readonly Channel<IQueuedWrite>? _queue;
    private readonly Lazy<Task>? _loop;
    private long _commits;
    private readonly Lock _observing = new();
    private SqliteConnection? _observer;
    private SqliteCommand? _observe;

    public DatabaseWriter(SegurDatabase database, ILogger<DatabaseWriter> logger)
    {
        _database = database;
        _logger = logger;
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            _queue = Channel.CreateUnbounded<IQueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
            _loop = new Lazy<Task>(() => Task.Run(WriteLoopAsync));
            Checkpoints = new SqliteCheckpoints(database.ConnectionString, logger);
        }
    }

    /// <summary>SQLite: the write-ahead log's checkpoints, beside the loop's commits (decision 0258). Replaced by tests before the first write.</summary>
    internal SqliteCheckpoints? Checkpoints { get; set; }

    /// <summary>Transactions committed by the SQLite writer loop (each holding one or more writes).</summary>
    internal long Commits => Interlocked.Read(ref _commits);

    /// <summary>What the SQLite writer loop has done so far (the bench reads it to tell where a fire's time goes).</summary>
    internal WriterLoopCounters Counters { get; } = new();

    /// <summary>
    /// The bench's clock of the current thread's CPU time, in nanoseconds: when set, the loop also counts the CPU its
    /// batches take (the serial part of every write). Null in the application.
    /// </summary>
    internal Func<long>? ThreadCpuClock { get; set; }

    /// <summary>
    /// How the callers of a committed batch are told: thread-pool work items that tell them in turn (the default,
    /// decision 0190), or one work item per caller (as before; the bench compares both). Set before the first write.
    /// </summary>
    internal WriterCompletion Completion { get; set; } = WriterCompletion.BatchOnThePool;

    /// <summary>
    /// SQLite: every write in a savepoint of its own (as before decision 0253; the bench compares both). By default a write
    /// runs without one until a write of the batch fails after changing rows. Set before the first write.
    /// </summary>
    internal bool SavepointEveryWrite { get; set; }

    /// <summary>
    /// SQLite: a number that moves with every commit to the database, this writer's and any other connection's
    /// (<c>PRAGMA data_version</c> of a connection of the writer's own that never writes). A reader that notes it before
    /// reading, and a write that finds it unchanged (<see cref="WriteScope.UnchangedSince"/>), know that the write starts on
    /// exactly what was read (decision 0175). Null on other databases (they take concurrent writers) or when it cannot be read.
    /// </summary>
    public long? ObserveDataGeneration()
    {
        if (_queue is null)
        {
            return null;
        }

        lock (_observing)
        {
            try
            {
                if (_observe is null)
                {
                    _observer = new SqliteConnection(_database.ConnectionString);
                    _observer.Open();
                    _observe = _observer.CreateCommand();
                    _observe.CommandText = "PRAGMA data_version";
                }

                return Convert.ToInt64(_observe.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
            {
                // Not known: the caller checks again inside its write. The next call opens a new observer.
                _logger.LogWarning(ex, "The database's data version could not be read");
                _observe?.Dispose();
                _observer?.Dispose();
                _observe = null;
                _observer = null;
                return null;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in a transaction; the result is returned once the transaction is committed.
    /// <paramref name="large"/>: a write known to take long (an import of hundreds of rows) commits in its own batch on
    /// SQLite, so small writes neither wait for it in their commit nor make it wait for theirs.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken cancellationToken = default, bool large = false)
    {
        if (s_inWrite.Value)
        {
            return Task.FromException<T>(new InvalidOperationException(
                "Une écriture en base a été demandée depuis une autre écriture : elle attendrait la fin de celle qui l'a demandée, " +
                "pour toujours. Faites-la dans la même écriture (WriteScope.Db)."));
        }

        if (_queue is null)
        {
            return _database.Provider == DatabaseProvider.PostgreSql
                ? WritePostgreSqlAsync(work, cancellationToken)
                : WriteAloneAsync(work, cancellationToken);
        }

        var queued = new QueuedWrite<T>(work, cancellationToken, large, Completion);
        if (!_queue.Writer.TryWrite(queued))
        {
            throw new ObjectDisposedException(nameof(DatabaseWriter), "L'application s'arrête : l'écriture n'a pas été faite.");
        }

        _ = _loop!.Value;
        return queued.Task;
    }

    /// <inheritdoc cref="WriteAsync{T}"/>
    public Task WriteAsync(Func<WriteScope, Task> work, CancellationToken cancellationToken = default, bool large = false) =>
        WriteAsync<bool>(async scope =>
        {
            await work(scope);
            return true;
        }, cancellationToken, large);

    public async ValueTask DisposeAsync()
    {
        if (_queue is null)
        {
            return;
        }

        _queue.Writer.TryComplete();
        if (_loop!.IsValueCreated)
        {
            await _loop.Value;
        }

        if (Checkpoints is not null)
        {
            await Checkpoints.DisposeAsync();
        }

        lock (_observing)
        {
            _observe?.Dispose();
            _observer?.Dispose();
            _observe = null;
            _observer = null;
        }
    }

    private async Task<T> WriteAloneAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var committing = false;
            try
            {
                await using var db = _database.CreateContext();
                await db.Database.OpenConnectionAsync(cancellationToken);
                await db.Database.BeginTransactionAsync(cancellationToken);
                var scope = new WriteScope(db, cancellationToken, async () =>
                {
                    await db.Database.RollbackTransactionAsync(CancellationToken.None);
                    db.ChangeTracker.Clear();
                    await db.Database.BeginTransactionAsync(cancellationToken);
                }) { IsLastAttempt = attempt == MaxAttempts };
                var result = await RunMarkedAsync(work, scope);
                committing = true;
                await db.Database.CommitTransactionAsync(cancellationToken);
                return result;
            }
            catch (Exception ex) when (attempt < MaxAttempts && TransientFaults.IsRetryable(ex, committing) && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Transient database fault (try {Attempt} of {Max}); the write runs again", attempt, MaxAttempts);
                await Task.Delay(TransientFaults.Pause(attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// PostgreSQL: the write runs in a transaction of its own on a pooled connection the writer opens itself; a context is
    /// rented, given that connection and enlisted only when the write first asks for <see cref="WriteScope.Db"/>, so a fire
    /// in plain SQL costs none (decision 0223). Retries, the rollback of a discarded write and the commit as before.
    /// </summary>
    private async Task<T> WritePostgreSqlAsync<T>(Func<WriteScope, Task<T>> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var committing = false;
            SegurDbContext? db = null;
            NpgsqlTransaction? transaction = null;
            var connection = new NpgsqlConnection(_database.ConnectionString);
            try
            {
                await connection.OpenAsync(cancellationToken);
                transaction = await connection.BeginTransactionAsync(cancellationToken);
                var scope = new WriteScope(
                    () =>
                    {
                        db = _database.ContextOn(connection);
                        db.Database.UseTransaction(transaction);
                        return db;
                    },
                    () => transaction,
                    cancellationToken,
                    async () =>
                    {
                        // As the other writers: the whole transaction is rolled back and a new one begins on the same connection.
                        db?.Database.UseTransaction(null);
                        await transaction.RollbackAsync(CancellationToken.None);
                        await transaction.DisposeAsync();
                        transaction = null;
                        db?.ChangeTracker.Clear();
                        transaction = await connection.BeginTransactionAsync(cancellationToken);
                        db?.Database.UseTransaction(transaction);
                    }) { IsLastAttempt = attempt == MaxAttempts };
                var result = await RunMarkedAsync(work, scope);
                committing = true;
                await transaction!.CommitAsync(cancellationToken);
                return result;
            }
            catch (Exception ex) when (attempt < MaxAttempts && TransientFaults.IsRetryable(ex, committing) && !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Transient database fault (try {Attempt} of {Max}); the write runs again", attempt, MaxAttempts);
                await ReleaseAsync();
                await Task.Delay(TransientFaults.Pause(attempt), cancellationToken);
            }
            finally
            {
                await ReleaseAsync();
            }

            // The context (if any) back to its pool without the connection, the transaction rolled back if still open, the
            // connection back to Npgsql's pool. Idempotent: the retry path releases before its pause.
            async ValueTask ReleaseAsync()
            {
                if (db is not null)
                {
                    db.Database.UseTransaction(null);
                    await db.DisposeAsync();
                    db = null;
                }

                if (transaction is not null)
                {
                    await DisposeQuietlyAsync(transaction);
                    transaction = null;
                }

                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<T> RunMarkedAsync<T>(Func<WriteScope, Task<T>> work, WriteScope scope)
    {
        s_inWrite.Value = true;
        try
        {
            return await work(scope);
        }
        finally
        {
            s_inWrite.Value = false;
        }
    }

    private async Task WriteLoopAsync()
    {
        var reader = _queue!.Reader;
        var batch = new List<IQueuedWrite>(MaxBatch);
        var done = new List<IQueuedWrite>(MaxBatch);
        // The writes taken from the queue and not yet run: small ones may go before a large one queued ahead of them,
        // which waits for at most one batch of them (decision 0241).
        var waiting = new WaitingWrites();
        SqliteConnection? connection = null;
        Func<SegurDbContext>? contexts = null;
        Savepoints? savepoints = null;
        while (waiting.Count > 0 || await reader.WaitToReadAsync())
        {
            batch.Clear();
            done.Clear();
            SqliteTransaction? transaction = null;
            var cpuClock = ThreadCpuClock;
            var cpuStarted = cpuClock?.Invoke() ?? 0;
            var batchStarted = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                (connection, contexts, transaction) = await BeginAsync(connection, contexts);
                if (savepoints?.Connection != connection)
                {
                    savepoints?.Dispose();
                    savepoints = new Savepoints(connection);
                }

                // The write lock is held from here to the commit: nothing else commits in between.
                var generation = ObserveDataGeneration();
                // Writes run without a savepoint of their own until one fails after changing rows (or asks to undo what it
                // wrote): then the transaction is rolled back whole, the writes that had succeeded run again, and the rest of
                // the batch runs with a savepoint per write, as before (decision 0253).
                var savepointed = SavepointEveryWrite;
                var ranInTransaction = 0;
                // A large write runs alone. Otherwise the batch grows while small writes wait, up to MaxBatch writes or
                // MaxBatchWork of work, and goes before the large writes waiting, each of which lets at most one such batch
                // go first. So a small write waits for the write in progress and about MaxBatchWork of others' work, however
                // many large writes are queued; a large write for the large writes ahead of it and a batch (decisions 0120, 0241).
                waiting.Take(reader);
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                var large = waiting.NextLarge();
                while (batch.Count < MaxBatch
                       && (batch.Count == 0 || System.Diagnostics.Stopwatch.GetElapsedTime(started) < MaxBatchWork)
                       && (large is not null ? batch.Count == 0 : waiting.TakeSmall(reader) is not null))
                {
                    var write = large ?? waiting.NextSmall();
                    batch.Add(write);
                    // Only the first write of a transaction starts on the committed state; later ones see the earlier writes' changes.
                    var (outcome, error) = await RunWriteAsync(
                        write, connection, transaction, contexts!, savepoints!, ranInTransaction++ == 0 ? generation : null, savepointed);
                    if (outcome == WriteOutcome.Done)
                    {
                        done.Add(write);
                        continue;
                    }

                    if (outcome == WriteOutcome.Failed)
                    {
                        continue;
                    }

                    // WriteOutcome.Undo: the write changed rows and failed (or asked to undo them) with no savepoint to
                    // roll back to. Roll the transaction back whole (throws if it cannot: then the batch fails, as when a
                    // savepoint is gone) and take the write lock again.
                    await transaction.RollbackAsync();
                    await DisposeQuietlyAsync(transaction);
                    transaction = null;
                    (connection, contexts, transaction) = await BeginAsync(connection, contexts);
                    if (savepoints?.Connection != connection)
                    {
                        savepoints?.Dispose();
                        savepoints = new Savepoints(connection);
                    }

                    generation = ObserveDataGeneration();
                    savepointed = true;
                    ranInTransaction = 0;
                    Counters.AddUndo();
                    var again = done.ToArray();
                    done.Clear();
                    foreach (var earlier in again)
                    {
                        var (rerun, _) = await RunWriteAsync(
                            earlier, connection, transaction, contexts!, savepoints!, ranInTransaction++ == 0 ? generation : null, savepointed: true);
                        if (rerun == WriteOutcome.Done)
                        {
                            done.Add(earlier);
                        }
                    }

                    if (error is null)
                    {
                        // It asked to undo what it wrote (WriteScope.DiscardAsync) and goes on: it runs again in a savepoint.
                        var (rerun, _) = await RunWriteAsync(
                            write, connection, transaction, contexts!, savepoints!, ranInTransaction++ == 0 ? generation : null, savepointed: true);
                        if (rerun == WriteOutcome.Done)
                        {
                            done.Add(write);
                        }
                    }
                    else
                    {
                        write.Fail(error);
                    }
                }

                var committing = System.Diagnostics.Stopwatch.GetTimestamp();
                var cpuCommitting = cpuClock?.Invoke() ?? 0;
                await transaction.CommitAsync();
                Interlocked.Increment(ref _commits);
                var committed = System.Diagnostics.Stopwatch.GetTimestamp();
                Counters.Add(done.Count, committed - batchStarted, committed - committing,
                    cpuClock is null ? 0 : cpuCommitting - cpuStarted, cpuClock is null ? 0 : cpuClock() - cpuCommitting);
                CompleteAll(done);
            }
            catch (Exception ex)
            {
                // The transaction itself failed (begin, commit, disk, a savepoint that could not be rolled back): none of
                // the batch is written. Start again on a new connection. Nothing here may throw: a dead loop would leave
                // every later write waiting forever.
                if (batch.Count == 0)
                {
                    // The transaction could not even begin (e.g. another process kept the lock past the retries): the
                    // writes waiting now get the error rather than wait for ever.
                    waiting.Take(reader);
                    while (batch.Count < MaxBatch && waiting.TakeAny() is { } failed)
                    {
                        batch.Add(failed);
                    }
                }

                _logger.LogError(ex, "A group commit of {Count} writes failed; none of them is saved", batch.Count);
                foreach (var write in batch)
                {
                    write.Fail(ex);
                }

                await DisposeQuietlyAsync(transaction);
                await DisposeQuietlyAsync(connection);
                connection = null;
                continue;
            }

            await DisposeQuietlyAsync(transaction);
            if (Checkpoints!.WriterMustCheckpoint)
            {
                await CheckpointHereAsync(connection!);
            }
        }

        await DisposeQuietlyAsync(connection);
    }

    /// <summary>The log has grown past what the checkpoints beside the loop keep up with: the loop copies it before its next batch.</summary>
    private async Task CheckpointHereAsync(SqliteConnection connection)
    {
        try
        {
            await Checkpoints!.CheckpointAsync(connection);
        }
        catch (SqliteException ex)
        {
            // Nothing is lost: the log keeps the commits, and the next commit past the limit tries again.
            _logger.LogWarning(ex, "The writer's checkpoint of the write-ahead log failed");
        }
    }

    /// <summary>
    /// Tells the callers of a committed batch, never on the loop's thread (a caller's code must not hold the writer). By
    /// default two thread-pool work items share the batch's callers and tell them in turn, each caller's continuation
    /// running until its next await: the callers that write again are then all queued when the loop looks for its next
    /// batch, instead of a part of them (one work item per caller, as before, left the loop's wake-up ahead of most of
    /// them: batches of 4–7 writes out of 8 workers). Two, not one, so that one caller blocking after its write (which
    /// it must not do) neither holds the others' answers nor, waiting for a write of the same batch, itself (decision 0190).
    /// </summary>
    private void CompleteAll(List<IQueuedWrite> done)
    {
        if (done.Count == 0)
        {
            return;
        }

        if (Completion == WriterCompletion.EachOnThePool)
        {
            foreach (var write in done)
            {
                write.Settle();
            }

            return;
        }

        var callers = new Callers(done.ToArray());
        ThreadPool.UnsafeQueueUserWorkItem(static callers => callers.Tell(), callers, preferLocal: false);
        if (done.Count > 1)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static callers => callers.Tell(), callers, preferLocal: false);
        }
    }

    /// <summary>The callers of a committed batch, told in order by whichever work item takes the next one.</summary>
    private sealed class Callers(IQueuedWrite[] writes)
    {
        private int _next = -1;

        public void Tell()
        {
            int i;
            while ((i = Interlocked.Increment(ref _next)) < writes.Length)
            {
                writes[i].Settle();
            }
        }
    }

    /// <summary>
    /// The writes taken from the queue by the loop and not yet run, small and large apart, each in its order of arrival.
    /// The next batch is the first large write alone when no small write waits or when small writes that arrived after it
    /// have already gone before it; else a batch of small writes (decision 0241). Used by the loop's thread only.
    /// </summary>
    private sealed class WaitingWrites
    {
        private readonly Queue<(IQueuedWrite Write, long Arrival)> _small = new();
        private readonly Queue<(IQueuedWrite Write, long Arrival)> _large = new();
        private long _arrivals;
        private long _lastSmallRun = -1;

        public int Count => _small.Count + _large.Count;

        /// <summary>Moves every write queued so far into the waiting writes.</summary>
        public void Take(ChannelReader<IQueuedWrite> reader)
        {
            while (reader.TryRead(out var write))
            {
                (write.Large ? _large : _small).Enqueue((write, _arrivals++));
            }
        }

        /// <summary>
        /// The large write that runs alone as the next batch, or null when the next batch is of small writes: those waiting
        /// go first unless small writes that arrived after the first large write have already gone before it.
        /// </summary>
        public IQueuedWrite? NextLarge()
        {
            if (!_large.TryPeek(out var first) || (_small.Count > 0 && _lastSmallRun < first.Arrival))
            {
                return null;
            }

            return _large.Dequeue().Write;
        }

        /// <summary>The next small write (taking what was queued meanwhile when none waits), or null: it stays first.</summary>
        public IQueuedWrite? TakeSmall(ChannelReader<IQueuedWrite> reader)
        {
            if (_small.Count == 0)
            {
                Take(reader);
            }

            return _small.TryPeek(out var next) ? next.Write : null;
        }

        public IQueuedWrite NextSmall()
        {
            var (write, arrival) = _small.Dequeue();
            _lastSmallRun = arrival;
            return write;
        }

        public IQueuedWrite? TakeAny() => _small.TryDequeue(out var small) ? small.Write : _large.TryDequeue(out var large) ? large.Write : null;
    }

    /// <summary>Opens (or reuses) the loop's connection and takes the write lock, retrying while another process holds it.</summary>
    private async Task<(SqliteConnection, Func<SegurDbContext>, SqliteTransaction)> BeginAsync(SqliteConnection? connection, Func<SegurDbContext>? contexts)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (connection is null)
                {
                    connection = new SqliteConnection(LoopConnectionString(_database.ConnectionString));
                    await connection.OpenAsync();
                    await PrepareLoopConnectionAsync(connection);
                    Checkpoints!.Watch(connection);
                    contexts = _database.ContextsOn(connection);
                }

                // IMMEDIATE: take the write lock now, so a reader elsewhere cannot make the upgrade fail half-way.
                return (connection, contexts!, connection.BeginTransaction(deferred: false));
            }
            catch (Exception ex) when (attempt < MaxAttempts && TransientFaults.IsRetryable(ex, committing: false))
            {
                _logger.LogWarning(ex, "SQLite is busy (try {Attempt} of {Max}); waiting before taking the write lock again", attempt, MaxAttempts);
                await DisposeQuietlyAsync(connection);
                connection = null;
                await Task.Delay(TransientFaults.Pause(attempt));
            }
        }
    }

    /// <summary>The loop's own connection is not pooled: the settings below stay with it and end with it (decision 0222).</summary>
    private static string LoopConnectionString(string connectionString) =>
        new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();

    /// <summary>
    /// The loop's connection keeps the savepoints' journal in memory: SQLite otherwise spills it to a temporary file past
    /// 64 KiB, which a batch of fires passes (file writes, and a file opened and closed per commit; seen in the engine's CPU
    /// profile). It holds the original of each page a write changes, for its rollback: at most the batch's pages. Decision 0222.
    /// </summary>
    private static async Task PrepareLoopConnectionAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA temp_store=MEMORY;";
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>What became of a write run on the loop.</summary>
    private enum WriteOutcome
    {
        /// <summary>It returned: its changes are in the transaction, its caller told after the commit.</summary>
        Done,

        /// <summary>It failed, cancelled, with nothing of it left in the transaction; its caller is told.</summary>
        Failed,

        /// <summary>
        /// It ran without a savepoint and failed after changing rows, or asked to undo what it had written: only rolling the
        /// whole transaction back undoes it. Its caller is not told yet.
        /// </summary>
        Undo,
    }

    /// <summary>Thrown by <see cref="WriteScope.DiscardAsync"/> of a write without a savepoint that has changed rows (decision 0253).</summary>
    private sealed class UndoNeeded() : Exception("Une écriture sans point de sauvegarde doit être défaite : le lot est repris.");

    /// <summary>
    /// Runs one write, in a savepoint of its own when <paramref name="savepointed"/>. Without one (decision 0253), a write that
    /// fails having changed no row (SQLite's count of changed rows is the same: a refused fire, a failed check) fails alone
    /// as before; one that changed rows, or asks to undo them, answers <see cref="WriteOutcome.Undo"/> and the loop rolls
    /// the transaction back. Throws when SQLite itself rolled the transaction back: then the batch fails.
    /// </summary>
    private static async Task<(WriteOutcome Outcome, Exception? Error)> RunWriteAsync(
        IQueuedWrite write, SqliteConnection connection, SqliteTransaction transaction, Func<SegurDbContext> contexts,
        Savepoints savepoints, long? generation, bool savepointed)
    {
        if (write.CancellationToken.IsCancellationRequested)
        {
            write.Cancel();
            return (WriteOutcome.Failed, null);
        }

        const string savepoint = "write";
        if (savepointed)
        {
            await savepoints.SaveAsync(transaction);
        }

        var changesBefore = savepointed ? 0 : TotalChanges(connection);
        var undoAsked = false;
        // The context is rented and enlisted when the write first asks for it (decision 0220).
        SegurDbContext? db = null;
        try
        {
            var scope = new WriteScope(
                () =>
                {
                    db = contexts();
                    db.Database.UseTransaction(transaction);
                    return db;
                },
                () => transaction,
                write.CancellationToken,
                async () =>
                {
                    if (savepointed)
                    {
                        await transaction.RollbackAsync(savepoint);
                    }
                    else if (undoAsked || TotalChanges(connection) != changesBefore)
                    {
                        // Nothing but the whole transaction can undo it: the loop does that and runs the write again in a savepoint.
                        undoAsked = true;
                        throw new UndoNeeded();
                    }

                    // Without a savepoint and no row changed yet: nothing to undo but the context's pending changes.
                    db?.ChangeTracker.Clear();
                }) { IsLastAttempt = true, StartGeneration = generation };
            s_inWrite.Value = true;
            try
            {
                await write.RunAsync(scope);
            }
            finally
            {
                s_inWrite.Value = false;
            }

            if (db is not null)
            {
                await db.Database.UseTransactionAsync(null);
            }

            if (undoAsked)
            {
                // The write caught the UndoNeeded and returned: what it believes undone is still there.
                return (WriteOutcome.Undo, null);
            }

            if (savepointed)
            {
                await savepoints.ReleaseAsync(transaction);
            }

            return (WriteOutcome.Done, null);
        }
        catch (Exception ex)
        {
            if (savepointed)
            {
                // Throws if the savepoint is gone (SQLite rolled the whole transaction back): then the batch fails.
                await transaction.RollbackAsync(savepoint);
                await transaction.ReleaseAsync(savepoint);
            }

            if (db is not null)
            {
                await db.Database.UseTransactionAsync(null);
            }

            if (!savepointed)
            {
                if (!InTransaction(connection))
                {
                    // SQLite rolled the whole transaction back (disk full, I/O error…): the batch fails, as before.
                    throw;
                }

                if (undoAsked || TotalChanges(connection) != changesBefore)
                {
                    return (WriteOutcome.Undo, undoAsked && ex is UndoNeeded ? null : ex);
                }
            }

            write.Fail(ex);
            return (WriteOutcome.Failed, null);
        }
        finally
        {
            if (db is not null)
            {
                await db.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Rows inserted, updated or deleted on the connection so far, triggers' included (<c>sqlite3_total_changes</c>): the same
    /// before and after a write that failed means it left nothing to undo. A statement that failed counts nothing (SQLite
    /// undid it); EF's own savepoint rolled back still counts (then the transaction is rolled back whole: safe).
    /// </summary>
    private static long TotalChanges(SqliteConnection connection) => SQLitePCL.raw.sqlite3_total_changes(connection.Handle!);

    /// <summary>False when SQLite has rolled the connection's transaction back by itself.</summary>
    private static bool InTransaction(SqliteConnection connection) => SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle!) == 0;

    /// <summary>
    /// The savepoint around each write, its two statements kept prepared on the loop's connection (SqliteTransaction.Save
    /// and Release parse them again each time: two of a fire's half-dozen statements, decision 0177).
    /// </summary>
    private sealed class Savepoints(SqliteConnection connection) : IDisposable
    {
        private readonly SqliteCommand _save = Command(connection, "SAVEPOINT \"write\";");
        private readonly SqliteCommand _release = Command(connection, "RELEASE SAVEPOINT \"write\";");

        public SqliteConnection Connection => connection;

        public Task SaveAsync(SqliteTransaction transaction) => RunAsync(_save, transaction);

        public Task ReleaseAsync(SqliteTransaction transaction) => RunAsync(_release, transaction);

        public void Dispose()
        {
            _save.Dispose();
            _release.Dispose();
        }

        private static async Task RunAsync(SqliteCommand command, SqliteTransaction transaction)
        {
            command.Transaction = transaction;
            await command.ExecuteNonQueryAsync();
        }

        private static SqliteCommand Command(SqliteConnection connection, string sql)
        {
            var command = connection.CreateCommand();
            command.CommandText = sql;
            return command;
        }
    }

    private static async ValueTask DisposeQuietlyAsync(IAsyncDisposable? disposable)
    {
        try
        {
            if (disposable is not null)
            {
                await disposable.DisposeAsync();
            }
        }
        catch (Exception)
        {
            // Already broken: the failure that matters was reported to the callers, and the loop must go on.
        }
    }

    private interface IQueuedWrite
    {
        CancellationToken CancellationToken { get; }

        bool Large { get; }

        Task RunAsync(WriteScope scope);

        /// <summary>Tells the caller its write is committed, running the caller's continuation on this thread (or queuing it).</summary>
        void Settle();

        /// <summary>Tells the caller at once (from the pool) that its write failed and is undone.</summary>
        void Fail(Exception error);

        void Cancel();
    }

    /// <summary>
    /// A queued write and its caller's task. With <see cref="WriterCompletion.BatchOnThePool"/> the task runs its
    /// continuations synchronously, so whoever settles it runs the caller's code: only ever a thread-pool work item,
    /// never the loop (failures are settled from a work item of their own).
    /// </summary>
    private sealed class QueuedWrite<T>(Func<WriteScope, Task<T>> work, CancellationToken cancellationToken, bool large, WriterCompletion completion) : IQueuedWrite
    {
        public bool Large => large;

        private readonly TaskCompletionSource<T> _done = new(completion == WriterCompletion.EachOnThePool
            ? TaskCreationOptions.RunContinuationsAsynchronously
            : TaskCreationOptions.None);

        private T _result = default!;

        public Task<T> Task => _done.Task;

        public CancellationToken CancellationToken => cancellationToken;

        public async Task RunAsync(WriteScope scope) => _result = await work(scope);

        public void Settle() => _done.TrySetResult(_result);

        public void Fail(Exception error) => Tell(static (done, state) =>
        {
            var (error, token) = ((Exception, CancellationToken))state!;
            if (error is OperationCanceledException && token.IsCancellationRequested)
            {
                done.TrySetCanceled(token);
            }
            else
            {
                done.TrySetException(error);
            }
        }, (error, cancellationToken));

        public void Cancel() => Tell(static (done, state) => done.TrySetCanceled((CancellationToken)state!), cancellationToken);

        private void Tell(Action<TaskCompletionSource<T>, object?> outcome, object? state)
        {
            if (completion == WriterCompletion.EachOnThePool)
            {
                outcome(_done, state);
                return;
            }

            ThreadPool.UnsafeQueueUserWorkItem(static s => s.Outcome(s.Done, s.State), (Outcome: outcome, Done: _done, State: state), preferLocal: false);
        }
    }
}

/// <summary>How the callers of a committed batch are told.</summary>
internal enum WriterCompletion
{
    /// <summary>Two thread-pool work items tell the batch's callers in turn (the default).</summary>
    BatchOnThePool,

    /// <summary>Each caller's continuation queued to the thread pool on its own (before decision 0190).</summary>
    EachOnThePool,
}

/// <summary>Totals of the SQLite writer loop: writes committed, batches, and their time (Stopwatch ticks, CPU nanoseconds).</summary>
internal sealed class WriterLoopCounters
{
    private long _writes;
    private long _batches;
    private long _batchTicks;
    private long _commitTicks;
    private long _workCpu;
    private long _commitCpu;
    private long _undos;

    public long Writes => Interlocked.Read(ref _writes);

    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>From BEGIN to the end of COMMIT, summed (wall clock).</summary>
    public long BatchTicks => Interlocked.Read(ref _batchTicks);

    public long CommitTicks => Interlocked.Read(ref _commitTicks);

    /// <summary>CPU of the writes and savepoints (BEGIN included), when the loop has a CPU clock.</summary>
    public long WorkCpuNanos => Interlocked.Read(ref _workCpu);

    public long CommitCpuNanos => Interlocked.Read(ref _commitCpu);

    /// <summary>Transactions rolled back whole because a write without a savepoint had to be undone (decision 0253).</summary>
    public long Undos => Interlocked.Read(ref _undos);

    public void AddUndo() => Interlocked.Increment(ref _undos);

    public void Add(int writes, long batchTicks, long commitTicks, long workCpu, long commitCpu)
    {
        Interlocked.Add(ref _writes, writes);
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _batchTicks, batchTicks);
        Interlocked.Add(ref _commitTicks, commitTicks);
        Interlocked.Add(ref _workCpu, workCpu);
        Interlocked.Add(ref _commitCpu, commitCpu);
    }
}

/// <summary>What a write sees: a context enlisted in the writer's transaction.</summary>
public sealed class WriteScope
{
    private readonly Func<SegurDbContext>? _create;
    private readonly Func<System.Data.Common.DbTransaction?>? _transaction;
    private readonly Func<Task> _discard;
    private SegurDbContext? _db;

    public WriteScope(SegurDbContext db, CancellationToken cancellationToken, Func<Task> discard)
    {
        _db = db;
        CancellationToken = cancellationToken;
        _discard = discard;
    }

    /// <summary>
    /// The scope of a writer that holds its own transaction (the SQLite writer loop, decision 0220; PostgreSQL, decision
    /// 0223): the context is rented and enlisted only when the write first asks for it, so a write in plain SQL (a fire:
    /// <see cref="Engine.Runtime.EngineSql"/>) costs no context. <paramref name="transaction"/> answers the write's current
    /// transaction (on PostgreSQL a discarded write goes on in a new one).
    /// </summary>
    internal WriteScope(Func<SegurDbContext> create, Func<System.Data.Common.DbTransaction?> transaction, CancellationToken cancellationToken, Func<Task> discard)
    {
        _create = create;
        _transaction = transaction;
        CancellationToken = cancellationToken;
        _discard = discard;
    }

    public SegurDbContext Db => _db ??= _create!();

    /// <summary>The context if this write has one already (null: it has not asked for one, and so changed nothing through it).</summary>
    internal SegurDbContext? CreatedDb => _db;

    /// <summary>The writer's own transaction, for plain SQL without a context (null when the writer gave a context from the start: then use <see cref="Db"/>).</summary>
    internal System.Data.Common.DbTransaction? Transaction => _transaction?.Invoke();

    /// <summary>The SQLite writer loop's transaction (null elsewhere).</summary>
    internal SqliteTransaction? SqliteTransaction => Transaction as SqliteTransaction;

    public CancellationToken CancellationToken { get; }

    /// <summary>Undoes what this write has done so far (e.g. a dry run, or before recording an incident); it may go on writing.</summary>
    public Task DiscardAsync() => _discard();

    /// <summary>
    /// False while a transient fault (<see cref="TransientFaults"/>) thrown by this write would make the writer run it
    /// again; true on its last try, when such a fault is to be reported (e.g. as an incident).
    /// </summary>
    public bool IsLastAttempt { get; init; }

    /// <summary>The <see cref="DatabaseWriter.ObserveDataGeneration"/> this write started on; null when not known.</summary>
    internal long? StartGeneration { get; init; }

    /// <summary>
    /// True when nothing was committed between <paramref name="generation"/> (<see cref="DatabaseWriter.ObserveDataGeneration"/>,
    /// noted before reading) and the start of this write: what was read then is what this write sees. False when not known.
    /// </summary>
    public bool UnchangedSince(long? generation) => generation is not null && StartGeneration == generation;
}

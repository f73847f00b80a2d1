namespace Segur.Workflows.Imports;

/// <summary>
/// Large imports take turns, in the order they arrived (decision 0256): at most one per two cores reads its file at a
/// time, then at most one per two cores checks and stores its file, to its commit; a file is read while the one before
/// it is being stored. Twenty files sent at once are then answered one after the other, each about its time alone after
/// the one before, instead of all at the end; and the checks made before the write still stand when it runs (nothing was
/// committed between by another import). Small files (a few lines) go at once: a 1-line import never waits behind a large one.
/// </summary>
public sealed class ImportAdmission
{
    /// <summary>Files up to this size (about 30 lines of one beneficiary) are admitted at once.</summary>
    internal const int SmallFileBytes = 32 * 1024;

    private readonly SemaphoreSlim _reading;
    private readonly SemaphoreSlim _storing;
    private int _waiting;

    public ImportAdmission() : this(Math.Max(1, Environment.ProcessorCount / 2))
    {
    }

    internal ImportAdmission(int turns)
    {
        _reading = new SemaphoreSlim(turns, turns);
        _storing = new SemaphoreSlim(turns, turns);
        Turns = turns;
    }

    /// <summary>How many large imports may read at once, and how many may check and store at once.</summary>
    internal int Turns { get; }

    /// <summary>Large imports waiting for a turn now (to read or to store).</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Waits for the file's turn to be read (first come, first served: SemaphoreSlim releases its asynchronous waiters in order).</summary>
    public async Task<Turn> WaitToReadAsync(int bytes, CancellationToken ct) =>
        bytes <= SmallFileBytes ? new Turn(null) : await WaitAsync(_reading, ct);

    /// <summary>
    /// Waits for the read file's turn to be checked and stored, then gives its turn to read to the next file. A small file's
    /// turn is kept as it is.
    /// </summary>
    public async Task<Turn> WaitToStoreAsync(Turn reading, CancellationToken ct)
    {
        if (reading.IsSmall)
        {
            return reading;
        }

        var storing = await WaitAsync(_storing, ct);
        reading.Dispose();
        return storing;
    }

    private async Task<Turn> WaitAsync(SemaphoreSlim turns, CancellationToken ct)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await turns.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return new Turn(turns);
    }

    /// <summary>An import's turn; given back once, by whichever of its owners disposes it first.</summary>
    public sealed class Turn(SemaphoreSlim? turns) : IDisposable
    {
        private SemaphoreSlim? _turns = turns;

        internal bool IsSmall { get; } = turns is null;

        public void Dispose() => Interlocked.Exchange(ref _turns, null)?.Release();
    }
}

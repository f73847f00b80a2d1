namespace Segur.Workflows.Imports;

/// <summary>
/// Large imports take turns for the processor, in the order they arrived (decision 0256): at most one per two cores reads,
/// checks and builds its rows at a time; it gives its turn back once it only waits for the database (on SQLite before
/// queueing for the writer, elsewhere before sending its rows). Ten files sent at once are then answered one after the
/// other instead of all at the end, each sharing the cores with the next one only. Small files (a few lines) go at once:
/// a 1-line import never waits behind a large one.
/// </summary>
public sealed class ImportAdmission
{
    /// <summary>Files up to this size (about 30 lines of one beneficiary) are admitted at once.</summary>
    internal const int SmallFileBytes = 32 * 1024;

    private readonly SemaphoreSlim _turns;
    private int _waiting;

    public ImportAdmission() : this(Math.Max(1, Environment.ProcessorCount / 2))
    {
    }

    internal ImportAdmission(int turns)
    {
        _turns = new SemaphoreSlim(turns, turns);
        Turns = turns;
    }

    /// <summary>How many large imports may read, check and build at once.</summary>
    internal int Turns { get; }

    /// <summary>Large imports waiting for their turn now.</summary>
    internal int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Waits for the file's turn (first come, first served: SemaphoreSlim releases its asynchronous waiters in order).</summary>
    public async Task<Turn> WaitForTurnAsync(int bytes, CancellationToken ct)
    {
        if (bytes <= SmallFileBytes)
        {
            return new Turn(null);
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            await _turns.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return new Turn(_turns);
    }

    /// <summary>An import's turn; given back once, by whichever of its owners disposes it first.</summary>
    public sealed class Turn(SemaphoreSlim? turns) : IDisposable
    {
        private SemaphoreSlim? _turns = turns;

        public void Dispose() => Interlocked.Exchange(ref _turns, null)?.Release();
    }
}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Bench;

/// <summary>
/// Experiments on the engine's fire path, to find where its time goes. Not the product: copies of
/// WorkflowRuntime.RunAsync and FireSession.FireAsync specialised to a transition with no fields, activities,
/// timers or tasks (all the bench definition has), timed phase by phase, with one change at a time:
/// <list type="bullet">
/// <item><c>Replica</c>: the engine's path as it is, with the contexts of <see cref="SegurDatabase"/> (pooled since
/// commit 283d1cc) (checks that the copy costs what the engine costs).</item>
/// <item><c>NarrowGate</c>: the context is created and its connection opened before taking the SQLite write gate,
/// so only the transaction itself is serialised.</item>
/// <item><c>Lean</c>: no DbContext at all when the fire needs none (no subject source, no activity): one
/// connection per worker kept open with its statements prepared (a <see cref="Lane"/>), the engine's own
/// definition lookup and transition resolution (FireSession.Resolve), the same payload; only the transaction
/// inside the gate.</item>
/// <item><c>LaneContext</c>: Lean, plus a DbContext per fire on the kept connection and its transaction
/// (each lane has its own small context pool whose options name the lane's connection; per fire a context is rented
/// and joins the transaction with UseTransaction), as a fire with a subject source or activities needs one; the subject
/// lookup and change detection go through it.</item>
/// </list>
/// </summary>
internal sealed class EngineLab : IWorkload, IProfiled
{
    private static readonly string[] s_enginePhases = ["gate", "context", "open", "begin", "read", "logic", "update", "json", "outbox", "journal", "commit", "dispose", "release"];
    private static readonly string[] s_leanPhases = ["gate", "begin", "read", "context", "logic", "json", "write", "commit", "dispose", "release"];

    private readonly BenchRun _run;
    private readonly LabMode _mode;
    private readonly bool _batched;
    private readonly WorkflowRuntime _runtime;
    private readonly DefinitionCatalog _catalog;
    private readonly SubjectSources _subjects;
    // The semaphore the engine's WriteGate was (up to the writer loop of decision 0031), kept to compare.
    private readonly SemaphoreSlim? _gate;
    private readonly Func<SegurDbContext> _createContext;
    private readonly PhaseProfile _profile;

    public EngineLab(BenchRun run, LabMode mode, bool batched = false)
    {
        _run = run;
        _mode = mode;
        _batched = batched;
        _runtime = run.Runtime;
        _catalog = run.Services.GetRequiredService<DefinitionCatalog>();
        _subjects = run.Services.GetRequiredService<SubjectSources>();
        _gate = run.Provider == Segur.Workflows.Persistence.DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;
        _createContext = run.Database.CreateContext;
        _profile = new PhaseProfile(IsLane(mode) ? s_leanPhases : s_enginePhases);
    }

    public async Task<IWorker> CreateWorkerAsync(int index, IReadOnlyList<Guid> instances) => IsLane(_mode)
        ? await LeanWorker.CreateAsync(this, await Lane.OpenAsync(_run, _batched), instances, _profile.ForWorker())
        : new EfWorker(this, instances, _profile.ForWorker());

    public void ResetProfile() => _profile.Reset();

    public string ProfileReport(long transitions) => _profile.Report(transitions);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static bool IsLane(LabMode mode) => mode is LabMode.Lean or LabMode.LaneContext;

    private static DateTime Now => TimeProvider.System.GetUtcNow().UtcDateTime;

    private static async ValueTask<Gate> EnterAsync(SemaphoreSlim? semaphore)
    {
        if (semaphore is not null)
        {
            await semaphore.WaitAsync();
        }

        return new Gate(semaphore);
    }

    private readonly struct Gate(SemaphoreSlim? semaphore) : IDisposable
    {
        public void Dispose() => semaphore?.Release();
    }

    private static WorkflowTransitioned Message(InstanceRow row, string definitionId, int definitionVersion, string to, string toLabel, string trigger, DateTime now) =>
        new(row.Id, definitionId, definitionVersion, row.SubjectType, row.SubjectId, row.State, to, toLabel, trigger, Actor.System.Id, now);

    /// <summary>WorkflowRuntime.RunAsync + FireSession.FireAsync, phase by phase.</summary>
    private sealed class EfWorker(EngineLab lab, IReadOnlyList<Guid> instances, long[] ticks) : IWorker
    {
        private readonly Toggle _toggle = new(instances);

        public async Task FireNextAsync()
        {
            var (id, trigger, expected) = _toggle.Next();
            var mark = Stopwatch.GetTimestamp();
            SegurDbContext? db = null;
            if (lab._mode != LabMode.Replica)
            {
                db = lab._createContext();
                PhaseProfile.Lap(ticks, 1, ref mark);
                await db.Database.OpenConnectionAsync();
                PhaseProfile.Lap(ticks, 2, ref mark);
            }

            using (await EnterAsync(lab._gate))
            {
                PhaseProfile.Lap(ticks, 0, ref mark);
                if (db is null)
                {
                    db = lab._createContext();
                    PhaseProfile.Lap(ticks, 1, ref mark);
                    await db.Database.OpenConnectionAsync();
                    PhaseProfile.Lap(ticks, 2, ref mark);
                }

                try
                {
                    var tx = await db.Database.BeginTransactionAsync();
                    try
                    {
                        var sql = new EngineSql(db);
                        PhaseProfile.Lap(ticks, 3, ref mark);
                        var row = await sql.ReadInstanceAsync(id, default) ?? throw new InstanceNotFoundException(id);
                        PhaseProfile.Lap(ticks, 4, ref mark);
                        var definition = await lab._catalog.GetAsync(row.DefinitionId, row.DefinitionVersion);
                        var subject = await lab._subjects.LoadAsync(db, row.SubjectType, row.SubjectId, default);
                        var now = Now;
                        var session = new FireSession(lab._runtime, db, sql, definition, row, subject, Actor.System, null, now, isDryRun: false);
                        var transition = session.Resolve(trigger);
                        var to = definition.State(transition.To);
                        PhaseProfile.Lap(ticks, 5, ref mark);
                        sql.UpdateInstance(id, to.Code, row.DefinitionVersion, row.Version, now);
                        if (!await sql.FlushAsync(default))
                        {
                            throw new ConcurrencyConflictException(id, row.Version, -1);
                        }

                        PhaseProfile.Lap(ticks, 6, ref mark);
                        if (db.ChangeTracker.HasChanges())
                        {
                            await db.SaveChangesAsync();
                        }

                        object message = Message(row, definition.Id, definition.Version, to.Code, to.Label, trigger, now);
                        var payload = JsonSerializer.Serialize(message, message.GetType(), OutboxJson.Options);
                        PhaseProfile.Lap(ticks, 7, ref mark);
                        sql.InsertOutbox(Guid.CreateVersion7(now), MessageTypes.NameOf(message.GetType()), payload, now);
                        await sql.FlushAsync(default);
                        PhaseProfile.Lap(ticks, 8, ref mark);
                        sql.InsertJournal(id, now, Actor.System.Id, trigger, row.State, to.Code, row.Version + 1, null);
                        await sql.FlushAsync(default);
                        PhaseProfile.Lap(ticks, 9, ref mark);
                        await tx.CommitAsync();
                        PhaseProfile.Lap(ticks, 10, ref mark);
                        if (to.Code != expected)
                        {
                            throw new InvalidOperationException($"Instance {id}: {trigger} led to {to.Code}, expected {expected}.");
                        }
                    }
                    finally
                    {
                        await tx.DisposeAsync();
                    }
                }
                finally
                {
                    await db.DisposeAsync();
                }

                PhaseProfile.Lap(ticks, 11, ref mark);
            }

            PhaseProfile.Lap(ticks, 12, ref mark);
            _toggle.Advance();
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>The engine's logic on a kept connection with prepared statements; no DbContext.</summary>
    private sealed class LeanWorker(EngineLab lab, Lane lane, IReadOnlyList<Guid> instances, long[] ticks, Func<SegurDbContext>? contexts) : IWorker
    {
        private readonly Toggle _toggle = new(instances);

        public static Task<IWorker> CreateAsync(EngineLab lab, Lane lane, IReadOnlyList<Guid> instances, long[] ticks)
        {
            Func<SegurDbContext>? contexts = null;
            if (lab._mode == LabMode.LaneContext)
            {
                // A context pool per lane, its options naming the lane's (open) connection: EF never opens or closes it.
                if (lab._run.Provider == DatabaseProvider.Sqlite)
                {
                    var pool = new PooledDbContextFactory<SqliteSegurDbContext>(
                        new DbContextOptionsBuilder<SqliteSegurDbContext>().UseSqlite(lane.Connection).Options, poolSize: 4);
                    contexts = pool.CreateDbContext;
                }
                else
                {
                    var pool = new PooledDbContextFactory<PostgreSqlSegurDbContext>(
                        new DbContextOptionsBuilder<PostgreSqlSegurDbContext>().UseNpgsql(lane.Connection).Options, poolSize: 4);
                    contexts = pool.CreateDbContext;
                }
            }

            return Task.FromResult<IWorker>(new LeanWorker(lab, lane, instances, ticks, contexts));
        }

        public async Task FireNextAsync()
        {
            var (id, trigger, expected) = _toggle.Next();
            var mark = Stopwatch.GetTimestamp();
            using (await EnterAsync(lab._gate))
            {
                PhaseProfile.Lap(ticks, 0, ref mark);
                await lane.BeginAsync();
                PhaseProfile.Lap(ticks, 1, ref mark);
                var row = await lane.ReadAsync(id) ?? throw new InstanceNotFoundException(id);
                PhaseProfile.Lap(ticks, 2, ref mark);
                SegurDbContext? db = null;
                var subject = Subject.None;
                if (lab._mode == LabMode.LaneContext)
                {
                    db = contexts!();
                    await db.Database.UseTransactionAsync(lane.Transaction);
                    subject = await lab._subjects.LoadAsync(db, row.SubjectType, row.SubjectId, default);
                }

                PhaseProfile.Lap(ticks, 3, ref mark);
                var definition = await lab._catalog.GetAsync(row.DefinitionId, row.DefinitionVersion);
                var now = Now;
                // Resolve reads no database: without a context, the session gets none (the bench definition has no subject source).
                var session = new FireSession(lab._runtime, db!, null!, definition, row, subject, Actor.System, null, now, isDryRun: false);
                var transition = session.Resolve(trigger);
                var to = definition.State(transition.To);
                PhaseProfile.Lap(ticks, 4, ref mark);
                if (db is not null && db.ChangeTracker.HasChanges())
                {
                    await db.SaveChangesAsync();
                }

                object message = Message(row, definition.Id, definition.Version, to.Code, to.Label, trigger, now);
                var payload = JsonSerializer.Serialize(message, message.GetType(), OutboxJson.Options);
                PhaseProfile.Lap(ticks, 5, ref mark);
                var write = new TransitionWrite(
                    id, to.Code, row.DefinitionVersion, row.Version, now, Actor.System.Id, trigger, row.State, null,
                    Guid.CreateVersion7(now), MessageTypes.NameOf(message.GetType()), payload);
                if (!await lane.WriteAsync(write))
                {
                    throw new ConcurrencyConflictException(id, row.Version, -1);
                }

                PhaseProfile.Lap(ticks, 6, ref mark);
                await lane.CommitAsync();
                PhaseProfile.Lap(ticks, 7, ref mark);
                if (db is not null)
                {
                    await db.Database.UseTransactionAsync(null);
                    await db.DisposeAsync();
                }

                PhaseProfile.Lap(ticks, 8, ref mark);
                if (to.Code != expected)
                {
                    throw new InvalidOperationException($"Instance {id}: {trigger} led to {to.Code}, expected {expected}.");
                }
            }

            PhaseProfile.Lap(ticks, 9, ref mark);
            _toggle.Advance();
        }

        public ValueTask DisposeAsync() => lane.DisposeAsync();
    }
}

internal enum LabMode
{
    Replica,
    NarrowGate,
    Lean,
    LaneContext,
}

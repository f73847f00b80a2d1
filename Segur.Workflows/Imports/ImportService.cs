using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Imports;

/// <summary>
/// Imports a JSON file of financing requests, or simulates it: the same code path, minus the store. The file is read
/// once (<see cref="ImportReader"/>), checked (<see cref="ImportChecks"/>), stored (<see cref="ImportStore"/>) and given
/// back (<see cref="ReturnedFile"/>). Whole-file problems refuse the file; a line's problem rejects that line only.
/// Retained lines become requests "Non complétée" whose lifecycle starts in the same transaction as the import.
/// </summary>
public sealed class ImportService(
    SegurDatabase database, ImportStore store, ImportAdmission admission, DefinitionCatalog definitions, DatabaseWriter writer,
    OutboxSignal outbox, TimeProvider clock)
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxLines = 200;
    public const string FinancingDefinition = "financing-request";

    /// <summary>
    /// An import of at most this many rows (requests and beneficiaries) is a small write on SQLite: it may be committed with
    /// other small writes and go before a large import waiting for the writer (decision 0241).
    /// </summary>
    internal const int SmallImportRows = 50;

    public async Task<ImportResult> ImportAsync(ImportSubmission submission, CancellationToken ct = default)
    {
        using var activity = Engine.Telemetry.SegurTelemetry.Source.StartActivity("segur.import");
        activity?.SetTag("segur.import.simulation", submission.Simulation);
        var begun = Stopwatch.GetTimestamp();
        // Large files are read, then checked and stored, in the order they arrived (decision 0256).
        using var reading = await admission.WaitToReadAsync(submission.Content.Length, ct);
        activity?.SetTag("segur.import.admitted_ms", Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
        using var read = ImportReader.Read(submission.Content);
        activity?.SetTag("segur.import.read_ms", Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
        var hash = Convert.ToHexStringLower(SHA256.HashData(submission.Content));
        var rules = ImportRules.From((await definitions.GetLatestPublishedAsync(FinancingDefinition, ct)).Rules);
        var today = ParisDays.DayOf(clock.GetUtcNow().UtcDateTime);
        if (submission.Simulation)
        {
            await using var db = database.CreateContext();
            var simulated = await ImportChecks.CheckAsync(db, submission.SupplierId, read, hash, rules, today, lockProgramme: false, ct);
            return ReturnedFile.Build(read, simulated, null, [], simulation: true);
        }

        using var storing = await admission.WaitToStoreAsync(reading, ct);
        activity?.SetTag("segur.import.storing_ms", Stopwatch.GetElapsedTime(begun).TotalMilliseconds);

        // On SQLite, checked and built before the write, outside the writer (decision 0175): the write only confirms the
        // checks, reserves the numbers and sends the rows, so a large import holds SQLite's single writer for a short while
        // and a small write queued behind it waits little. Other databases take concurrent writers: the checks run inside.
        var generation = writer.ObserveDataGeneration();
        CheckedFile? prechecked = null;
        PreparedImport? prepared = null;
        PendingReturnedFile? pending = null;
        if (generation is not null)
        {
            await using var db = database.CreateContext();
            prechecked = await ImportChecks.CheckAsync(db, submission.SupplierId, read, hash, rules, today, lockProgramme: false, ct);
            prepared = store.Prepare(prechecked, db);
            pending = ReturnedFile.BuildPending(read, prechecked);
        }

        activity?.SetTag("segur.import.prepared_ms", Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
        ImportResult imported;
        try
        {
            imported = await WriteAsync(lockFirst: false);
        }
        catch (ProgrammeTakenMeanwhileException)
        {
            activity?.SetTag("segur.import.programme_rechecked", true);
            imported = await WriteAsync(lockFirst: true);
        }

        outbox.Notify();
        Engine.Telemetry.SegurTelemetry.Imports.Add(1);
        return imported;

        Task<ImportResult> WriteAsync(bool lockFirst) => writer.WriteAsync(async scope =>
        {
            var db = scope.Db;
            // Where an import's time goes, as tags of its activity (milliseconds): the benchmark prints them (docs/benchmarks.md).
            var started = Stopwatch.GetTimestamp();
            activity?.SetTag("segur.import.queued_ms", Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
            // When something was committed since the checks (another write may have taken a numéro éditeur or a beneficiary),
            // or on other databases, the checks run here on the state this write commits on: the rows built before stand
            // when they retain the same lines, else they are built here.
            var checkedFile = prechecked is not null && scope.UnchangedSince(generation)
                ? prechecked
                : await ImportChecks.CheckAsync(db, submission.SupplierId, read, hash, rules, today, lockProgramme: lockFirst || generation is not null, ct);
            var rows = prepared is not null && prepared.Fits(checkedFile) ? prepared : store.Prepare(checkedFile, db);
            activity?.SetTag("segur.import.check_ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var staged = await store.StageAsync(db, submission, checkedFile, rows, ct);
            activity?.SetTag("segur.import.stage_ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var result = pending is not null && ReferenceEquals(checkedFile, pending.File)
                ? ReturnedFile.Numbered(pending, staged.Import.Number, staged.NumerosAsp)
                : ReturnedFile.Build(read, checkedFile, staged.Import.Number, staged.NumerosAsp, simulation: false);
            staged.Import.AttachReturnedFile(result.ReturnedJson);
            activity?.SetTag("segur.import.returned_ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            try
            {
                await store.SaveAsync(db, staged, ct, () => activity?.SetTag("segur.import.started_ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds));
                activity?.SetTag("segur.import.save_ms", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (generation is null)
                {
                    // Other databases: the rows are sent; the last read under the programme's lock and the commit are mostly
                    // the server's work, while the next import checks and builds its own (it waited for the copy: the two
                    // at once made each slower).
                    storing.Dispose();
                }
            }
            // The rows go by plain SQL (a DbException) or, with activities on entry, through EF (a DbUpdateException).
            catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException
                                       && (scope.IsLastAttempt || !TransientFaults.IsRetryable(ex, committing: false)))
            {
                throw new ImportRefusedException(["Un autre import de votre société a créé les mêmes demandes au même moment : rien n'a été importé, recommencez."]);
            }

            // Other databases: the programme's lock is taken here, for the last read and the commit (decision 0227).
            if (generation is null && !lockFirst
                && !await ImportChecks.StillRetainedAsync(db, checkedFile, staged.NumerosAsp.OfType<string>().ToHashSet(StringComparer.Ordinal), rules, today, ct))
            {
                throw new ProgrammeTakenMeanwhileException();
            }

            return result;
        }, ct, large: prepared is null || prepared.Rows > SmallImportRows);
    }

    /// <summary>A beneficiary retained by this import was taken by another one of the programme since the checks.</summary>
    private sealed class ProgrammeTakenMeanwhileException : Exception;
}

using System.Text.Json;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Imports;

/// <summary>The rows of an import, built and not yet sent.</summary>
public sealed record StagedImport(
    Import Import, IReadOnlyList<string?> NumerosAsp, IReadOnlyList<FinancingRequest> Requests, IReadOnlyList<FinancingBeneficiary> Beneficiaries, Actor Actor)
{
    /// <summary>The beneficiaries as made ready before the write (<see cref="PlainInserts.Prepare{T}"/>); null: sent from <see cref="Beneficiaries"/>.</summary>
    public PlainRows? PreparedBeneficiaries { get; init; }
}

/// <summary>
/// What can be built of an import's rows before its write (decision 0175): per retained line its request key, its line
/// as stored JSON and its beneficiaries' rows. What needs the database's state at the write (the import's and dossiers'
/// numbers, the supplier's and enrolment's details) is added by <see cref="ImportStore.StageAsync"/>.
/// </summary>
public sealed class PreparedImport
{
    internal PreparedImport(Guid importId, string type, string couloir, string typeLogiciel, IReadOnlyList<PreparedLine?> lines, PlainRows? beneficiaries)
    {
        Beneficiaries = beneficiaries;
        ImportId = importId;
        Type = type;
        Couloir = couloir;
        TypeLogiciel = typeLogiciel;
        Lines = lines;
    }

    public Guid ImportId { get; }

    /// <summary>The rows the import will send for its lines: requests and their beneficiaries.</summary>
    public int Rows => Lines.Sum(l => l is null ? 0 : 1 + l.Beneficiaries.Count);

    internal string Type { get; }

    internal string Couloir { get; }

    internal string TypeLogiciel { get; }

    /// <summary>
    /// Every retained line's beneficiaries, in the lines' order, ready to be sent (on SQLite as one JSON text: decision 0240);
    /// null when prepared without a context.
    /// </summary>
    internal PlainRows? Beneficiaries { get; }

    /// <summary>Per line of the file: null when the line is not retained.</summary>
    internal IReadOnlyList<PreparedLine?> Lines { get; }

    /// <summary>
    /// True when these rows are still those of <paramref name="file"/>: the same lines retained, for the same type and
    /// programme. Messages and numbers may differ: they are taken from the file checked at the write.
    /// </summary>
    public bool Fits(CheckedFile file) =>
        file.Type == Type && file.Enrolment.Couloir == Couloir && file.Enrolment.TypeLogiciel == TypeLogiciel
        && file.Verdicts.Count == Lines.Count
        && file.Verdicts.Select((v, i) => v.Verdict.Retained == Lines[i] is not null).All(same => same);
}

/// <summary>A retained line's part of <see cref="PreparedImport"/>.</summary>
internal sealed record PreparedLine(Guid RequestId, string LineJson, IReadOnlyList<FinancingBeneficiary> Beneficiaries);

/// <summary>
/// Stores a checked file inside the import's transaction: the import row, one request "Non complétée" per retained line
/// (avances with the beneficiaries they hold), and the start of each request's lifecycle. <see cref="Prepare"/> builds
/// what does not depend on the write (before it, outside the writer: decision 0175), <see cref="StageAsync"/> reserves
/// the numbers and completes the rows, <see cref="SaveAsync"/> starts the lifecycles and sends everything at once, so
/// the returned file can be attached to the import in between without a second write of the import. The rows go by
/// plain prepared INSERTs (<see cref="PlainInserts"/>), not through the change tracker (decision 0136).
/// </summary>
public sealed class ImportStore(WorkflowRuntime runtime, DefinitionCatalog definitions, SegurDatabase database, TimeProvider clock)
{
    /// <summary>
    /// The rows of <paramref name="file"/>'s retained lines that need nothing from the database: no I/O.
    /// <paramref name="model"/> (any context: only its model is used) also makes the beneficiaries' rows ready to be sent.
    /// </summary>
    public PreparedImport Prepare(CheckedFile file, SegurDbContext? model = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var lines = new List<PreparedLine?>(file.Verdicts.Count);
        foreach (var (line, verdict) in file.Verdicts)
        {
            if (!verdict.Retained)
            {
                lines.Add(null);
                continue;
            }

            var requestId = Guid.CreateVersion7(now);
            var beneficiaries = file.Type == RequestType.Avance
                ? line!.Beneficiaires.Claimed().Select(b => new FinancingBeneficiary
                {
                    RequestId = requestId, Couloir = file.Enrolment.Couloir, TypeLogiciel = file.Enrolment.TypeLogiciel, Kind = b.Kind,
                    Identifier = b.Identifier,
                }).ToList()
                : [];
            lines.Add(new PreparedLine(requestId, JsonSerializer.Serialize(line!, ImportLine.Json), beneficiaries));
        }

        var beneficiaryRows = model is null ? null : PlainInserts.Prepare(model, lines.OfType<PreparedLine>().SelectMany(l => l.Beneficiaries).ToList());
        return new PreparedImport(Guid.CreateVersion7(now), file.Type, file.Enrolment.Couloir, file.Enrolment.TypeLogiciel, lines, beneficiaryRows);
    }

    /// <summary>
    /// Reserves the import's and dossiers' numbers and completes the rows of <paramref name="prepared"/> (made by
    /// <see cref="Prepare"/> from a file whose verdicts <paramref name="file"/>, checked inside this write, confirms).
    /// </summary>
    public async Task<StagedImport> StageAsync(
        SegurDbContext db, ImportSubmission submission, CheckedFile file, PreparedImport prepared, CancellationToken ct)
    {
        if (!prepared.Fits(file))
        {
            throw new InvalidOperationException("The prepared rows are not those of the checked file: prepare them again.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var retained = file.Verdicts.Count(v => v.Verdict.Retained);
        var dossiers = file.Type == RequestType.Avance ? retained : 0;
        var reserved = await ReserveAsync(db, dossiers > 0 ? [("import", 1), ("dossier", dossiers)] : [("import", 1)], ct);
        var (number, firstDossier) = (reserved[0], dossiers > 0 ? reserved[1] : 0);
        var import = new Import
        {
            Id = prepared.ImportId, Number = number, SupplierId = file.Supplier.Id, ImportedAt = now, NumeroAns = file.NumeroAns,
            Type = file.Type, FileName = Path.GetFileName(submission.FileName), LineCount = file.Verdicts.Count, Retained = retained,
            Rejected = file.Verdicts.Count - retained, FileHash = file.Hash, ImportedBy = submission.ActorId,
        };

        var numeros = new List<string?>(file.Verdicts.Count);
        var requests = new List<FinancingRequest>(retained);
        var beneficiaries = new List<FinancingBeneficiary>();
        for (var i = 0; i < file.Verdicts.Count; i++)
        {
            if (prepared.Lines[i] is not { } ready)
            {
                numeros.Add(null);
                continue;
            }

            var line = file.Verdicts[i].Line!;
            var dossier = file.Type == RequestType.Avance
                ? Dossiers.Number(firstDossier++, now.Year)
                : Dossiers.Of(line.NumeroASP!);
            var request = NewRequest(ready, line, file, import.Id, dossier, now);
            requests.Add(request);
            beneficiaries.AddRange(ready.Beneficiaries);
            numeros.Add(request.NumeroAsp);
        }

        return new StagedImport(import, numeros, requests, beneficiaries, new Actor(submission.ActorId, [Accounts.Roles.Fournisseur], file.Supplier.Id.ToString()))
        {
            PreparedBeneficiaries = prepared.Beneficiaries,
        };
    }

    /// <summary>
    /// SQLite: inside the write (one writer, gapless). PostgreSQL: at once, outside the import's transaction, so concurrent
    /// imports do not queue on the counter's row to each other's commit (decision 0229).
    /// </summary>
    private Task<long[]> ReserveAsync(SegurDbContext db, IReadOnlyList<(string Name, int Count)> counters, CancellationToken ct) =>
        db is PostgreSqlSegurDbContext
            ? Counters.ReserveAtOnceAsync(database, counters, ct)
            : Counters.ReserveAsync(db, counters, ct);

    /// <summary>Starts the requests' lifecycles (they enter "Non complétée" before their first INSERT) and sends all the rows together.</summary>
    /// <param name="started">Called once the lifecycles are started, before the rows are sent (the import's timing tags).</param>
    public async Task SaveAsync(SegurDbContext db, StagedImport staged, CancellationToken ct, Action? started = null)
    {
        var subjects = staged.Requests.Select(r => (r.Id.ToString(), (object)r)).ToList();
        var definition = await definitions.GetLatestPublishedAsync(ImportService.FinancingDefinition, ct);
        if (definition.InitialState.OnEntry.Count > 0)
        {
            // Activities on entry may read the requests: they are saved through EF before the instances start one by one.
            db.Imports.Add(staged.Import);
            db.FinancingRequests.AddRange(staged.Requests);
            db.FinancingBeneficiaries.AddRange(staged.Beneficiaries);
            await runtime.StartManyInTransactionAsync(db, ImportService.FinancingDefinition, subjects, staged.Actor, ct);
            return;
        }

        // The engine's rows first (no key points from them to the requests), then the import, its requests and their
        // beneficiaries, each request already in its initial state.
        await runtime.StartManyInTransactionAsync(db, ImportService.FinancingDefinition, subjects, staged.Actor, ct);
        started?.Invoke();
        var inserts = new PlainInserts(db).Add([staged.Import]).Add(staged.Requests);
        await (staged.PreparedBeneficiaries is { } ready ? inserts.Add(ready) : inserts.Add(staged.Beneficiaries)).SendAsync(ct);
    }

    private static FinancingRequest NewRequest(PreparedLine ready, ImportLine line, CheckedFile file, Guid importId, string dossier, DateTime now)
    {
        ImportDates.TryParse(line.Commande.DateCommande, out var ordered);
        var isSolde = file.Type == RequestType.Solde;
        return new FinancingRequest
        {
            Id = ready.RequestId,
            SupplierId = file.Supplier.Id,
            EnrolmentId = file.Enrolment.Id,
            ImportId = importId,
            NumeroDossier = dossier,
            NumeroAsp = dossier + (isSolde ? "M1" : "M0"),
            NumeroEditeur = line.NumeroEditeur,
            Type = file.Type,
            NumeroAns = file.Enrolment.NumeroAns,
            Siret = file.Supplier.Siret,
            Denomination = file.Supplier.Denomination,
            TypeLogiciel = file.Enrolment.TypeLogiciel,
            Couloir = file.Enrolment.Couloir,
            RegimeTva = line.Commande.RegimeTVA,
            DateCommande = ordered,
            MontantSegurHTDeclare = line.Commande.MontantSegurHT,
            MontantFactureHT = line.Facture?.MontantSegurHTFacture,
            MontantAvanceVerse = isSolde ? file.Dossiers[dossier].MontantPaye : null,
            EmailContact = file.Supplier.ContactEmail,
            LineJson = ready.LineJson,
            CreatedAt = now,
        };
    }
}

using System.Text.Json;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Imports;

/// <summary>The rows of an import, built and not yet sent.</summary>
public sealed record StagedImport(
    Import Import, IReadOnlyList<string?> NumerosAsp, IReadOnlyList<FinancingRequest> Requests, IReadOnlyList<FinancingBeneficiary> Beneficiaries, Actor Actor);

/// <summary>
/// Stores a checked file inside the import's transaction: the import row, one request "Non complétée" per retained line
/// (avances with the beneficiaries they hold), and the start of each request's lifecycle. <see cref="StageAsync"/> builds
/// the rows (numbers reserved, nothing else sent), <see cref="SaveAsync"/> starts the lifecycles and sends everything at
/// once, so the returned file can be attached to the import in between without a second write of the import. The rows
/// go by plain prepared INSERTs (<see cref="PlainInserts"/>), not through the change tracker (decision 0136).
/// </summary>
public sealed class ImportStore(WorkflowRuntime runtime, DefinitionCatalog definitions, TimeProvider clock)
{
    public async Task<StagedImport> StageAsync(SegurDbContext db, ImportSubmission submission, CheckedFile file, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var retained = file.Verdicts.Count(v => v.Verdict.Retained);
        var number = await Counters.ReserveAsync(db, "import", 1, ct);
        var firstDossier = file.Type == RequestType.Avance && retained > 0 ? await Counters.ReserveAsync(db, "dossier", retained, ct) : 0;
        var import = new Import
        {
            Id = Guid.CreateVersion7(now), Number = number, SupplierId = file.Supplier.Id, ImportedAt = now, NumeroAns = file.NumeroAns,
            Type = file.Type, FileName = Path.GetFileName(submission.FileName), LineCount = file.Verdicts.Count, Retained = retained,
            Rejected = file.Verdicts.Count - retained, FileHash = file.Hash, ImportedBy = submission.ActorId,
        };

        var numeros = new List<string?>();
        var requests = new List<FinancingRequest>();
        var beneficiaries = new List<FinancingBeneficiary>();
        foreach (var (line, verdict) in file.Verdicts)
        {
            if (!verdict.Retained)
            {
                numeros.Add(null);
                continue;
            }

            var dossier = file.Type == RequestType.Avance
                ? Dossiers.Number(firstDossier++, now.Year)
                : Dossiers.Of(line!.NumeroASP!);
            var request = NewRequest(line!, file, import.Id, dossier, now);
            requests.Add(request);
            if (file.Type == RequestType.Avance)
            {
                beneficiaries.AddRange(line!.Beneficiaires.Claimed().Select(b => new FinancingBeneficiary
                {
                    RequestId = request.Id, Couloir = request.Couloir, TypeLogiciel = request.TypeLogiciel, Kind = b.Kind, Identifier = b.Identifier,
                }));
            }

            numeros.Add(request.NumeroAsp);
        }

        return new StagedImport(import, numeros, requests, beneficiaries, new Actor(submission.ActorId, [Accounts.Roles.Fournisseur], file.Supplier.Id.ToString()));
    }

    /// <summary>Starts the requests' lifecycles (they enter "Non complétée" before their first INSERT) and sends all the rows together.</summary>
    public async Task SaveAsync(SegurDbContext db, StagedImport staged, CancellationToken ct)
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
        await new PlainInserts(db).Add([staged.Import]).Add(staged.Requests).Add(staged.Beneficiaries).SendAsync(ct);
    }

    private static FinancingRequest NewRequest(ImportLine line, CheckedFile file, Guid importId, string dossier, DateTime now)
    {
        ImportDates.TryParse(line.Commande.DateCommande, out var ordered);
        var isSolde = file.Type == RequestType.Solde;
        return new FinancingRequest
        {
            Id = Guid.CreateVersion7(now),
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
            LineJson = JsonSerializer.Serialize(line, ImportLine.Json),
            CreatedAt = now,
        };
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;
using Segur.Workflows.Suppliers;

namespace Segur.Workflows.Imports;

/// <summary>
/// Imports a JSON file of financing requests, or simulates it: the same checks, nothing stored. Whole-file problems
/// refuse the file; a line's problem rejects that line only. Retained lines become requests "Non complétée" whose
/// lifecycle starts in the same transaction as the import.
/// </summary>
public sealed class ImportService(
    SegurDatabase database, WorkflowRuntime runtime, DatabaseWriter writer, OutboxSignal outbox, TimeProvider clock, FinancingRules rules)
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxLines = 200;
    public const string FinancingDefinition = "financing-request";

    public async Task<ImportResult> ImportAsync(ImportSubmission submission, CancellationToken ct = default)
    {
        var file = Read(submission.Content);
        if (submission.Simulation)
        {
            await using var db = database.CreateContext();
            var checkedFile = await CheckAsync(db, submission, file, importing: false, ct);
            return Complete(checkedFile, file, null, [], simulation: true);
        }

        var imported = await writer.WriteAsync(async scope =>
        {
            var db = scope.Db;
            var checkedFile = await CheckAsync(db, submission, file, importing: true, ct);
            var (number, numbers) = await StoreAsync(db, submission, checkedFile, ct);
            var result = Complete(checkedFile, file, number, numbers, simulation: false);
            db.Imports.Local.Single().AttachReturnedFile(result.ReturnedJson);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                throw new ImportRefusedException(["Un autre import de votre société a créé les mêmes demandes au même moment : rien n'a été importé, recommencez."]);
            }

            return result;
        }, ct);
        outbox.Notify();
        return imported;
    }

    /// <summary>Parses the file; its problems refuse it whole.</summary>
    private static JsonDocument Read(byte[] content)
    {
        if (content.Length == 0)
        {
            throw new ImportRefusedException(["Le fichier est vide."]);
        }

        if (content.Length > MaxBytes)
        {
            throw new ImportRefusedException([$"Le fichier pèse {content.Length / 1024 / 1024.0:0.#} Mo : la taille maximale est de {MaxBytes / 1024 / 1024} Mo (200 demandes)."]);
        }

        try
        {
            return JsonDocument.Parse(content, new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            throw new ImportRefusedException([$"Le fichier n'est pas un JSON valide : erreur ligne {(ex.LineNumber ?? 0) + 1}, colonne {(ex.BytePositionInLine ?? 0) + 1}."]);
        }
    }

    private async Task<CheckedFile> CheckAsync(SegurDbContext db, ImportSubmission submission, JsonDocument file, bool importing, CancellationToken ct)
    {
        var root = file.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ImportRefusedException(["Le fichier doit contenir un objet JSON avec numeroAns, siret et lignesImport."]);
        }

        if (root.TryGetProperty("lignesImport", out var lines) && lines.ValueKind == JsonValueKind.Array && lines.GetArrayLength() is 0 or > MaxLines)
        {
            throw new ImportRefusedException([$"Le fichier contient {lines.GetArrayLength()} demande(s) : un fichier doit en contenir de 1 à {MaxLines}."]);
        }

        var shapeProblems = ImportSchema.FileProblems(root);
        if (shapeProblems.Count > 0)
        {
            throw new ImportRefusedException(shapeProblems);
        }

        var supplier = await db.Suppliers.AsNoTracking().SingleAsync(s => s.Id == submission.SupplierId, ct);
        var siret = root.GetProperty("siret").GetString()!;
        var numeroAns = root.GetProperty("numeroAns").GetString()!;
        var errors = new List<string>();
        if (siret != supplier.Siret)
        {
            errors.Add($"siret : le SIRET du fichier ({siret}) n'est pas celui de votre société ({supplier.Siret}).");
        }

        var enrolment = await ValidatedEnrolmentAsync(db, supplier.Id, numeroAns, ct);
        if (enrolment is null)
        {
            errors.Add($"numeroAns : le numéro ANS « {numeroAns} » ne correspond à aucun enrôlement validé de votre société.");
        }

        var soldeLines = lines.EnumerateArray().Count(IsSoldeLine);
        if (soldeLines > 0 && soldeLines < lines.GetArrayLength())
        {
            errors.Add($"lignesImport : un fichier contient soit des avances soit des soldes ; celui-ci mélange {lines.GetArrayLength() - soldeLines} avance(s) et {soldeLines} solde(s).");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(submission.Content));
        var earlier = await db.Imports.AsNoTracking()
            .Where(i => i.SupplierId == supplier.Id && i.FileHash == hash)
            .Select(i => new { i.Number, i.ImportedAt })
            .FirstOrDefaultAsync(ct);
        if (earlier is not null)
        {
            errors.Add($"Ce fichier a déjà été importé le {ParisDays.ToParis(earlier.ImportedAt):dd/MM/yyyy à HH:mm}, import n° {earlier.Number} : rien n'a été importé une seconde fois.");
        }

        if (errors.Count > 0)
        {
            throw new ImportRefusedException(errors);
        }

        var type = soldeLines > 0 ? RequestType.Solde : RequestType.Avance;
        var numeros = lines.EnumerateArray()
            .Select(l => l.ValueKind == JsonValueKind.Object && l.TryGetProperty("numeroEditeur", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null)
            .OfType<string>()
            .Distinct()
            .ToList();
        var used = (await db.FinancingRequests.AsNoTracking()
            .Where(r => r.SupplierId == supplier.Id && r.DeletedAt == null && numeros.Contains(r.NumeroEditeur))
            .Select(r => r.NumeroEditeur)
            .ToListAsync(ct)).ToHashSet();
        var dossiers = type == RequestType.Solde ? await DossiersAsync(db, supplier.Id, lines, ct) : new Dictionary<string, DossierState>();

        var parsed = lines.EnumerateArray().Select(Parse).ToList();
        var held = type == RequestType.Avance
            ? await HeldPrestationsAsync(db, enrolment!, parsed.Select(p => p.Line).OfType<ImportLine>(), importing, ct)
            : new Dictionary<string, List<HeldPrestation>>();
        var checks = new LineChecks(enrolment!, ParisDays.DayOf(clock.GetUtcNow().UtcDateTime), used, dossiers, held,
            (await rules.CurrentAsync(ct)).MaxDaysBeforeReferencing);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var verdicts = parsed.Select((p, index) => p.Line is null
                ? (p.Line, p.Problem!)
                : (p.Line, checks.Check(p.Line, $"lignesImport[{index}]", type, seen) ??
                           new LineVerdict(TreatmentCodes.Retenue, "Demande importée : ajoutez ses pièces justificatives pour la déposer.")))
            .ToList();

        return new CheckedFile(supplier, enrolment!, type, numeroAns, hash, verdicts, dossiers);
    }

    /// <summary>A line against the schema, then read; a problem rejects it as REJET_FORMAT.</summary>
    private static (ImportLine? Line, LineVerdict? Problem) Parse(JsonElement element, int index)
    {
        var problems = ImportSchema.LineProblems(element, index);
        if (problems.Count > 0)
        {
            return (null, new LineVerdict(TreatmentCodes.Format, string.Join(" ; ", problems)));
        }

        try
        {
            return (element.Deserialize<ImportLine>(ImportLine.Json)!, null);
        }
        catch (JsonException ex)
        {
            return (null, new LineVerdict(TreatmentCodes.Format, $"lignesImport[{index}]{ex.Path?.TrimStart('$')} : valeur illisible"));
        }
    }

    /// <summary>The requests already financing the file's beneficiaries for this programme: one query for the whole file.</summary>
    private static async Task<IReadOnlyDictionary<string, List<HeldPrestation>>> HeldPrestationsAsync(
        SegurDbContext db, Enrolment enrolment, IEnumerable<ImportLine> lines, bool importing, CancellationToken ct)
    {
        var identifiers = lines.SelectMany(l => l.Beneficiaires.Claimed()).Where(b => b.IsValid).Select(b => b.Identifier).ToHashSet(StringComparer.Ordinal);
        if (identifiers.Count == 0)
        {
            return new Dictionary<string, List<HeldPrestation>>();
        }

        if (importing)
        {
            await Prestations.LockProgrammeAsync(db, enrolment.Couloir, enrolment.TypeLogiciel, ct);
        }

        return await Prestations.HeldAsync(db, enrolment.Couloir, enrolment.TypeLogiciel, identifiers, ct);
    }

    private async Task<(long Number, IReadOnlyList<string?> NumerosAsp)> StoreAsync(SegurDbContext db, ImportSubmission submission, CheckedFile file, CancellationToken ct)
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
        db.Imports.Add(import);

        var numeros = new List<string?>();
        var requests = new List<FinancingRequest>();
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
                db.FinancingBeneficiaries.AddRange(line!.Beneficiaires.Claimed().Select(b => new FinancingBeneficiary
                {
                    RequestId = request.Id, Couloir = request.Couloir, TypeLogiciel = request.TypeLogiciel, Kind = b.Kind, Identifier = b.Identifier,
                }));
            }

            numeros.Add(request.NumeroAsp);
        }

        db.FinancingRequests.AddRange(requests);
        await db.SaveChangesAsync(ct);
        var actor = new Actor(submission.ActorId, [Accounts.Roles.Fournisseur], file.Supplier.Id.ToString());
        foreach (var request in requests)
        {
            await runtime.StartInTransactionAsync(db, FinancingDefinition, request.Id.ToString(), actor, isDryRun: false, ct);
        }

        return (number, numeros);
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

    /// <summary>Builds the returned file: the input completed with impId and, per line, numeroASP, codeTraitement, libelleTraitement.</summary>
    private static ImportResult Complete(CheckedFile file, JsonDocument input, long? number, IReadOnlyList<string?> numerosAsp, bool simulation)
    {
        var root = JsonNode.Parse(input.RootElement.GetRawText())!.AsObject();
        root["impId"] = number is null ? null : JsonValue.Create(number.Value);
        var lines = root["lignesImport"]!.AsArray();
        var results = new List<LineResult>();
        for (var i = 0; i < lines.Count; i++)
        {
            var (line, verdict) = file.Verdicts[i];
            if (simulation && verdict.Retained)
            {
                verdict = new LineVerdict(TreatmentCodes.Simulee, "Ligne valide : elle serait retenue à l'import (simulation : rien n'a été enregistré).");
            }

            var numeroAsp = simulation ? null : numerosAsp[i];
            if (lines[i] is not JsonObject node)
            {
                node = new JsonObject { ["numLigne"] = i + 1, ["valeurRecue"] = lines[i]?.DeepClone() };
                lines[i] = node;
            }

            if (numeroAsp is not null)
            {
                node["numeroASP"] = numeroAsp;
            }

            node["codeTraitement"] = verdict.Code;
            node["libelleTraitement"] = verdict.Message;
            results.Add(new LineResult(i, line?.NumLigne, line?.NumeroEditeur, numeroAsp, verdict.Code, verdict.Message));
        }

        var retained = results.Count(r => r.Code is TreatmentCodes.Retenue or TreatmentCodes.Simulee);
        var returned = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return new ImportResult(number, file.Type, file.NumeroAns, results.Count, retained, results.Count - retained, results, returned, simulation);
    }

    private static bool IsSoldeLine(JsonElement line) =>
        line.ValueKind == JsonValueKind.Object &&
        ((line.TryGetProperty("facture", out var facture) && facture.ValueKind == JsonValueKind.Object) ||
         (line.TryGetProperty("numeroASP", out var asp) && asp.ValueKind == JsonValueKind.String && asp.GetString()!.Length > 0));

    private static async Task<Enrolment?> ValidatedEnrolmentAsync(SegurDbContext db, Guid supplierId, string numeroAns, CancellationToken ct)
    {
        var enrolment = await db.Enrolments.AsNoTracking().SingleOrDefaultAsync(e => e.SupplierId == supplierId && e.NumeroAns == numeroAns, ct);
        if (enrolment is null)
        {
            return null;
        }

        var id = enrolment.Id.ToString();
        var validated = await db.WorkflowInstances.AsNoTracking()
            .AnyAsync(i => i.SubjectType == "Enrolment" && i.SubjectId == id && i.State == "Validee", ct);
        return validated ? enrolment : null;
    }

    private static async Task<Dictionary<string, DossierState>> DossiersAsync(SegurDbContext db, Guid supplierId, JsonElement lines, CancellationToken ct)
    {
        var wanted = lines.EnumerateArray()
            .Select(l => l.ValueKind == JsonValueKind.Object && l.TryGetProperty("numeroASP", out var n) && n.ValueKind == JsonValueKind.String ? Dossiers.Of(n.GetString()!) : null)
            .OfType<string>().Distinct().ToList();
        var requests = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.SupplierId == supplierId && r.DeletedAt == null && wanted.Contains(r.NumeroDossier))
            .Select(r => new { r.Id, r.NumeroDossier, r.Type })
            .ToListAsync(ct);
        var avanceIds = requests.Where(r => r.Type == RequestType.Avance).Select(r => r.Id.ToString()).ToList();
        var decided = (await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.SubjectType == "FinancingRequest" && avanceIds.Contains(i.SubjectId) && i.State == "Decidee")
            .Select(i => i.SubjectId).ToListAsync(ct)).ToHashSet();
        var avanceGuids = requests.Where(r => r.Type == RequestType.Avance).Select(r => r.Id).ToList();
        var paid = await db.Payments.AsNoTracking()
            .Where(p => avanceGuids.Contains(p.RequestId) && p.MontantPaye != null)
            .Select(p => new { p.RequestId, p.MontantPaye })
            .ToListAsync(ct);
        return requests.Where(r => r.Type == RequestType.Avance).ToDictionary(
            r => r.NumeroDossier,
            r => new DossierState(
                r.NumeroDossier, r.Id, decided.Contains(r.Id.ToString()),
                paid.FirstOrDefault(p => p.RequestId == r.Id)?.MontantPaye,
                requests.Any(s => s.Type == RequestType.Solde && s.NumeroDossier == r.NumeroDossier)));
    }

    private sealed record CheckedFile(
        Supplier Supplier, Enrolment Enrolment, string Type, string NumeroAns, string Hash,
        List<(ImportLine? Line, LineVerdict Verdict)> Verdicts, IReadOnlyDictionary<string, DossierState> Dossiers);
}

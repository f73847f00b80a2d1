using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Enrolments;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;
using Segur.Workflows.Suppliers;

namespace Segur.Workflows.Imports;

/// <summary>A file after its checks: the supplier, the enrolment, and per line its typed form (when read) and verdict.</summary>
public sealed record CheckedFile(
    Supplier Supplier, Enrolment Enrolment, string Type, string NumeroAns, string Hash,
    IReadOnlyList<(ImportLine? Line, LineVerdict Verdict)> Verdicts, IReadOnlyDictionary<string, DossierState> Dossiers);

/// <summary>
/// The checks of a read file against the database: the header's (SIRET, enrolment, one type, not imported twice) refuse
/// the file; each typed line then goes through <see cref="LineChecks"/>. The simulator and the import run this same code.
/// </summary>
public static class ImportChecks
{
    public static async Task<CheckedFile> CheckAsync(
        SegurDbContext db, Guid supplierId, ReadFile file, string hash, ImportRules rules, DateOnly today, bool lockProgramme, CancellationToken ct)
    {
        var supplier = await db.Suppliers.AsNoTracking().SingleAsync(s => s.Id == supplierId, ct);
        var errors = new List<string>();
        if (file.Siret != supplier.Siret)
        {
            errors.Add($"siret : le SIRET du fichier ({file.Siret}) n'est pas celui de votre société ({supplier.Siret}).");
        }

        var enrolment = await ValidatedEnrolmentAsync(db, supplier.Id, file.NumeroAns, ct);
        if (enrolment is null)
        {
            errors.Add($"numeroAns : le numéro ANS « {file.NumeroAns} » ne correspond à aucun enrôlement validé de votre société.");
        }

        var typed = file.Lines.Select(l => l.Line).OfType<ImportLine>().ToList();
        var soldeLines = typed.Count(l => l.IsSolde);
        if (soldeLines > 0 && soldeLines < typed.Count)
        {
            errors.Add($"lignesImport : un fichier contient soit des avances soit des soldes ; celui-ci mélange {typed.Count - soldeLines} avance(s) et {soldeLines} solde(s).");
        }

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
        var used = (await UsedNumerosQuery(db, supplier.Id, [.. typed.Select(l => l.NumeroEditeur).Distinct()]).ToListAsync(ct)).ToHashSet();
        var dossiers = type == RequestType.Solde ? await DossiersAsync(db, supplier.Id, typed, ct) : new Dictionary<string, DossierState>();
        var held = type == RequestType.Avance
            ? await HeldPrestationsAsync(db, enrolment!, typed, lockProgramme, ct)
            : new Dictionary<string, List<HeldPrestation>>();
        var checks = new LineChecks(enrolment!, today, used, dossiers, held, rules);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var verdicts = file.Lines.Select(l => l.Line is null
                ? (l.Line, l.Problem!)
                : (l.Line, checks.Check(l.Line, l.Path, type, seen) ??
                           new LineVerdict(TreatmentCodes.Retenue, "Demande importée : ajoutez ses pièces justificatives pour la déposer.")))
            .ToList();

        return new CheckedFile(supplier, enrolment!, type, file.NumeroAns, hash, verdicts, dossiers);
    }

    /// <summary>
    /// The file's numéros éditeur the supplier already uses. On PostgreSQL an equality, alone or in <c>= ANY</c>, was
    /// answered through the numéro's trigram index (decision 0252), whose cost the planner underrates, probing its lists
    /// (and its pending list, rescanned for each value) instead of the supplier's unique index: 1–6 s per import with ten
    /// at once. Each numéro is sought as a range of one value, which only the unique index serves (decision 0226).
    /// </summary>
    internal static IQueryable<string> UsedNumerosQuery(SegurDbContext db, Guid supplierId, string[] numeros) =>
        db is PostgreSqlSegurDbContext
            ? db.Database.SqlQuery<string>($"""
                SELECT r."NumeroEditeur" AS "Value"
                FROM unnest({numeros}::text[]) AS n("NumeroEditeur")
                CROSS JOIN LATERAL (
                    -- planned alone (LIMIT keeps it a subquery), per numéro: a range of one value, which only the
                    -- supplier's unique index serves; the planner would answer an equality through the trigram index
                    SELECT f."NumeroEditeur" FROM "FinancingRequests" AS f
                    WHERE f."SupplierId" = {supplierId} AND f."DeletedAt" IS NULL
                      AND f."NumeroEditeur" >= n."NumeroEditeur" AND f."NumeroEditeur" <= n."NumeroEditeur"
                    LIMIT 1) AS r
                """)
            : db.FinancingRequests.AsNoTracking()
                .Where(r => r.SupplierId == supplierId && r.DeletedAt == null && numeros.Contains(r.NumeroEditeur))
                .Select(r => r.NumeroEditeur);

    /// <summary>
    /// On databases with concurrent writers, after an import's rows are written: takes the programme's lock (held to the
    /// commit) and checks the retained lines' beneficiaries again, now seeing every import of the programme committed before
    /// it. False when a request other than this import's (<paramref name="ownNumerosAsp"/>) took one of them since the
    /// checks: the import is then written again with the lock taken first (decision 0227). The lock is thus held for this
    /// read and the commit, not for a whole import.
    /// </summary>
    public static async Task<bool> StillRetainedAsync(
        SegurDbContext db, CheckedFile file, IReadOnlySet<string> ownNumerosAsp, ImportRules rules, DateOnly today, CancellationToken ct)
    {
        var retained = file.Verdicts.Where(v => v.Line is not null && v.Verdict.Code == TreatmentCodes.Retenue).Select(v => v.Line!).ToList();
        if (file.Type != RequestType.Avance || retained.Count == 0)
        {
            return true;
        }

        var identifiers = retained.SelectMany(l => l.Beneficiaires.Claimed()).Where(b => b.IsValid).Select(b => b.Identifier).ToHashSet(StringComparer.Ordinal);
        await Prestations.LockProgrammeAsync(db, file.Enrolment.Couloir, file.Enrolment.TypeLogiciel, ct);
        var held = (await Prestations.HeldAsync(db, file.Enrolment.Couloir, file.Enrolment.TypeLogiciel, identifiers, ct))
            .Select(h => (h.Key, Others: h.Value.Where(p => !ownNumerosAsp.Contains(p.NumeroAsp)).ToList()))
            .Where(h => h.Others.Count > 0)
            .ToDictionary(h => h.Key, h => h.Others, StringComparer.Ordinal);
        if (held.Count == 0)
        {
            return true;
        }

        // The same checks in the same order (a line's duplicates within the file count from its first line).
        var checks = new LineChecks(file.Enrolment, today, new HashSet<string>(), file.Dossiers, held, rules);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return file.Verdicts.Where(v => v.Line is not null)
            .Select(v => (Before: v.Verdict.Code, Now: checks.Check(v.Line!, "", file.Type, seen)))
            .ToList()
            .TrueForAll(v => v.Before != TreatmentCodes.Retenue || v.Now is null);
    }

    /// <summary>The requests already financing the file's beneficiaries for this programme: one query for the whole file.</summary>
    private static async Task<IReadOnlyDictionary<string, List<HeldPrestation>>> HeldPrestationsAsync(
        SegurDbContext db, Enrolment enrolment, IEnumerable<ImportLine> lines, bool lockProgramme, CancellationToken ct)
    {
        var identifiers = lines.SelectMany(l => l.Beneficiaires.Claimed()).Where(b => b.IsValid).Select(b => b.Identifier).ToHashSet(StringComparer.Ordinal);
        if (identifiers.Count == 0)
        {
            return new Dictionary<string, List<HeldPrestation>>();
        }

        if (lockProgramme)
        {
            await Prestations.LockProgrammeAsync(db, enrolment.Couloir, enrolment.TypeLogiciel, ct);
        }

        return await Prestations.HeldAsync(db, enrolment.Couloir, enrolment.TypeLogiciel, identifiers, ct);
    }

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

    private static async Task<Dictionary<string, DossierState>> DossiersAsync(SegurDbContext db, Guid supplierId, IEnumerable<ImportLine> lines, CancellationToken ct)
    {
        var wanted = lines.Select(l => string.IsNullOrEmpty(l.NumeroASP) ? null : Dossiers.Of(l.NumeroASP)).OfType<string>().Distinct().ToList();
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
        var financed = (await db.FinancingBeneficiaries.AsNoTracking()
                .Where(b => avanceGuids.Contains(b.RequestId))
                .Select(b => new { b.RequestId, b.Identifier })
                .ToListAsync(ct))
            .ToLookup(b => b.RequestId, b => b.Identifier);
        return requests.Where(r => r.Type == RequestType.Avance).ToDictionary(
            r => r.NumeroDossier,
            r => new DossierState(
                r.NumeroDossier, r.Id, decided.Contains(r.Id.ToString()),
                paid.FirstOrDefault(p => p.RequestId == r.Id)?.MontantPaye,
                requests.Any(s => s.Type == RequestType.Solde && s.NumeroDossier == r.NumeroDossier),
                financed[r.Id].ToHashSet(StringComparer.Ordinal)));
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Imports;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>What the supplier may change when staff ask for corrections: the order, the invoice (solde), the beneficiaries, the scenario.</summary>
public sealed record CorrectionForm(
    string DateCommande,
    string RegimeTva,
    decimal? MontantSegurHT,
    decimal? MontantSegurHTFacture,
    string? NumeroFacture,
    string? DateFacture,
    string CommandePour,
    IReadOnlyList<Liberal> Liberaux,
    Structure? Structure,
    ScenarioInstallation? Scenario,
    string? DeploiementMss);

/// <summary>The correction was refused: nothing was saved. Each problem names its field, as the import's returned file does.</summary>
public sealed class CorrectionRefusedException(IReadOnlyList<string> problems)
    : WorkflowException("La modification n'a pas été enregistrée : " + string.Join(" ; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>What a saved correction did.</summary>
public sealed record CorrectionSaved(string NumeroAsp, int Version, string Status, string StatusLabel, IReadOnlyList<FieldDifference> Changes);

/// <summary>
/// A supplier corrects a request "À modifier": the edited data is checked as an import line (the schema, then
/// <see cref="LineChecks"/>, with the definition's order delay), the current version goes to the history, the request
/// takes the new data as a new version and fires "Modifier" back to "En cours" — all in one transaction through the
/// <see cref="DatabaseWriter"/>: a refused line, a lost race or a failing fire leaves nothing written.
/// </summary>
public sealed class RequestCorrections(
    SegurDatabase database, DatabaseWriter writer, WorkflowRuntime runtime, FinancingRules rules, TimeProvider clock)
{
    private const string LinePath = "lignesImport[0]";

    /// <summary>The form filled with the request's current data, for the supplier's own request.</summary>
    public async Task<(CorrectionForm Form, string Type, int InstanceVersion, string State)> GetAsync(Actor supplier, string numeroAsp, CancellationToken ct = default)
    {
        var supplierId = SupplierOf(supplier, numeroAsp);
        await using var db = database.CreateContext();
        var request = await db.FinancingRequests.AsNoTracking()
            .SingleOrDefaultAsync(r => r.NumeroAsp == numeroAsp && r.SupplierId == supplierId && r.DeletedAt == null, ct)
            ?? throw new RequestNotFoundException(numeroAsp);
        var instance = await InstanceAsync(db, request.Id, numeroAsp, ct);
        return (FormOf(request), request.Type, instance.Version, instance.State);
    }

    public async Task<CorrectionSaved> SubmitAsync(
        Actor supplier, string numeroAsp, CorrectionForm form, int? expectedInstanceVersion = null, CancellationToken ct = default)
    {
        var supplierId = SupplierOf(supplier, numeroAsp);
        var ruleSet = await rules.CurrentAsync(ct);
        var saved = await writer.WriteAsync(async scope =>
        {
            var db = scope.Db;
            var request = await db.FinancingRequests
                .SingleOrDefaultAsync(r => r.NumeroAsp == numeroAsp && r.SupplierId == supplierId && r.DeletedAt == null, ct)
                ?? throw new RequestNotFoundException(numeroAsp);
            var instance = await InstanceAsync(db, request.Id, numeroAsp, ct);
            if (instance.State != FinancingStates.AModifier)
            {
                throw new CorrectionRefusedException([
                    $"la demande {request.NumeroAsp} n'attend pas de correction (statut « {request.StatusLabel} ») : seule une demande « {ruleSet.Labels.GetValueOrDefault(FinancingStates.AModifier)} » se modifie"]);
            }

            var line = await CheckAsync(db, request, form, ruleSet.Import, ct);
            var before = RequestSnapshots.Of(request);
            db.FinancingRequestVersions.Add(new FinancingRequestVersion
            {
                RequestId = request.Id, Number = request.CurrentVersion, Status = request.StatusLabel, Snapshot = before, CreatedAt = Now,
            });
            ImportDates.TryParse(line.Commande.DateCommande, out var ordered);
            var version = request.Correct(line.Commande.RegimeTVA, ordered, line.Commande.MontantSegurHT, line.Facture?.MontantSegurHTFacture,
                JsonSerializer.Serialize(line, ImportLine.Json));
            if (request.Type == RequestType.Avance)
            {
                await db.FinancingBeneficiaries.Where(b => b.RequestId == request.Id).ExecuteDeleteAsync(ct);
                db.FinancingBeneficiaries.AddRange(line.Beneficiaires.Claimed().Select(b => new FinancingBeneficiary
                {
                    RequestId = request.Id, Couloir = request.Couloir, TypeLogiciel = request.TypeLogiciel, Kind = b.Kind, Identifier = b.Identifier,
                }));
            }

            await db.SaveChangesAsync(ct);
            var changes = RequestSnapshots.Compare(before, RequestSnapshots.Of(request)).Where(c => c.Differs).ToList();
            var summary = changes.Count == 0
                ? "aucune donnée modifiée (pièces seulement)"
                : string.Join(" ; ", changes.Select(c => $"{c.Label} : {c.Before} → {c.After}"));
            var fired = await runtime.FireInTransactionAsync(db, new FireRequest(instance.Id, FinancingTriggers.Modifier, supplier)
            {
                ExpectedVersion = expectedInstanceVersion,
                Input = new Dictionary<string, object?> { ["modifications"] = summary },
            }, ct);
            return new CorrectionSaved(request.NumeroAsp, version, fired.ToState, fired.ToStateLabel, changes);
        }, ct);
        runtime.NotifyOutbox();
        return saved;
    }

    /// <summary>The edited data as an import line, through the import's schema and line checks; the first problem refuses it.</summary>
    private async Task<ImportLine> CheckAsync(SegurDbContext db, FinancingRequest request, CorrectionForm form, ImportRules importRules, CancellationToken ct)
    {
        var node = LineOf(request, form);
        node.Remove("isSolde"); // written by earlier versions with the line; derived, not part of the file's format
        using var document = JsonDocument.Parse(node.ToJsonString());
        var shape = ImportSchema.LineProblems(document.RootElement, 0);
        if (shape.Count > 0)
        {
            throw new CorrectionRefusedException([.. shape.Select(Readable)]);
        }

        var line = document.RootElement.Deserialize<ImportLine>(ImportLine.Json)!;
        var enrolment = await db.Enrolments.AsNoTracking().SingleAsync(e => e.Id == request.EnrolmentId, ct);
        var dossiers = new Dictionary<string, DossierState>();
        if (request.Type == RequestType.Solde)
        {
            dossiers[request.NumeroDossier] = await DossierAsync(db, request, ct);
        }

        var held = new Dictionary<string, List<HeldPrestation>>();
        if (request.Type == RequestType.Avance)
        {
            var identifiers = line.Beneficiaires.Claimed().Where(b => b.IsValid).Select(b => b.Identifier).ToHashSet(StringComparer.Ordinal);
            if (identifiers.Count > 0)
            {
                await Prestations.LockProgrammeAsync(db, enrolment.Couloir, enrolment.TypeLogiciel, ct);
                foreach (var (identifier, holders) in await Prestations.HeldAsync(db, enrolment.Couloir, enrolment.TypeLogiciel, identifiers, ct))
                {
                    // The request's own beneficiaries are not "already financed": it is the one being corrected.
                    var others = holders.Where(h => h.NumeroAsp != request.NumeroAsp).ToList();
                    if (others.Count > 0)
                    {
                        held[identifier] = others;
                    }
                }
            }
        }

        // The form does not edit piecesJustificatives: a request the import retained is not refused here for a document that a
        // later version of the rule piecesRequises asks for (the files it declared are still required at deposit).
        var checks = new LineChecks(enrolment, ParisDays.DayOf(Now), new HashSet<string>(), dossiers, held,
            importRules with { RequiredDocuments = ImportRules.Default.RequiredDocuments });
        var verdict = checks.Check(line, LinePath, request.Type, new Dictionary<string, int>(StringComparer.Ordinal));
        return verdict is null ? line : throw new CorrectionRefusedException([Readable(verdict.Message)]);
    }

    /// <summary>The request's line with the form's values, under the import file's names; what the form does not edit is kept.</summary>
    private static JsonObject LineOf(FinancingRequest request, CorrectionForm form)
    {
        var line = request.LineJson is { } json && JsonNode.Parse(json) is JsonObject existing ? existing : [];
        line["numLigne"] = 1;
        line["typeAction"] = "C";
        line["numeroASP"] = request.Type == RequestType.Solde ? request.NumeroAsp : null;
        line["numeroEditeur"] = request.NumeroEditeur;
        var commande = new JsonObject { ["dateCommande"] = form.DateCommande.Trim(), ["regimeTVA"] = form.RegimeTva };
        if (form.MontantSegurHT is { } amount)
        {
            commande["montantSegurHT"] = amount;
        }

        line["commande"] = commande;
        if (request.Type == RequestType.Solde)
        {
            var facture = new JsonObject { ["numeroFacture"] = form.NumeroFacture, ["dateFacture"] = form.DateFacture };
            if (form.MontantSegurHTFacture is { } invoiced)
            {
                facture["montantSegurHTFacture"] = invoiced;
            }

            line["facture"] = facture;
            line["deploiementMSS"] = form.DeploiementMss;
        }

        var beneficiaires = line["beneficiaires"] as JsonObject ?? [];
        beneficiaires["commandePour"] = form.CommandePour;
        beneficiaires["liberal"] = new JsonArray([.. form.Liberaux.Select(l => (JsonNode)new JsonObject
        {
            ["nomMedecin"] = l.NomMedecin, ["emailMedecin"] = l.EmailMedecin, ["telephoneMedecin"] = l.TelephoneMedecin, ["RPPS"] = l.Rpps?.Trim(),
        })]);
        beneficiaires.Remove("structure");
        if (form.Structure is { } structure)
        {
            beneficiaires["structure"] = new JsonObject
            {
                ["nomResponsable"] = structure.NomResponsable, ["emailResponsable"] = structure.EmailResponsable,
                ["FINESSJuridique"] = structure.FinessJuridique?.Trim(),
                ["FINESSGeo"] = new JsonArray([.. (structure.FinessGeo ?? []).Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => (JsonNode)f.Trim())]),
            };
        }

        // Names read case-insensitively by the import: one spelling only, the file's.
        foreach (var stale in new[] { "rpps", "finessJuridique", "finessGeo" })
        {
            beneficiaires.Remove(stale);
        }

        line["beneficiaires"] = beneficiaires;
        line["scenarioInstallation"] = form.Scenario is null ? null : JsonSerializer.SerializeToNode(form.Scenario, ImportLine.Json);
        return line;
    }

    private static CorrectionForm FormOf(FinancingRequest request)
    {
        var line = request.LineJson is null ? null : JsonSerializer.Deserialize<ImportLine>(request.LineJson, ImportLine.Json);
        return new CorrectionForm(
            request.DateCommande.ToString("yyyy-MM-dd"), request.RegimeTva, request.MontantSegurHTDeclare, request.MontantFactureHT,
            line?.Facture?.NumeroFacture, line?.Facture?.DateFacture, line?.Beneficiaires.CommandePour ?? "STRUCTURE",
            line?.Beneficiaires.Liberal ?? [], line?.Beneficiaires.Structure, line?.ScenarioInstallation, line?.DeploiementMSS);
    }

    private static async Task<DossierState> DossierAsync(SegurDbContext db, FinancingRequest solde, CancellationToken ct)
    {
        var avance = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.SupplierId == solde.SupplierId && r.NumeroDossier == solde.NumeroDossier && r.Type == RequestType.Avance && r.DeletedAt == null)
            .Select(r => new { r.Id, r.Status })
            .SingleAsync(ct);
        var paid = await db.Payments.AsNoTracking().Where(p => p.RequestId == avance.Id).Select(p => p.MontantPaye).FirstOrDefaultAsync(ct);
        var financed = await db.FinancingBeneficiaries.AsNoTracking().Where(b => b.RequestId == avance.Id).Select(b => b.Identifier).ToListAsync(ct);
        return new DossierState(
            solde.NumeroDossier, avance.Id, avance.Status == FinancingStates.Decidee, paid, HasSolde: false, financed.ToHashSet(StringComparer.Ordinal));
    }

    private static async Task<(Guid Id, string State, int Version)> InstanceAsync(SegurDbContext db, Guid requestId, string numeroAsp, CancellationToken ct)
    {
        var subjectId = requestId.ToString();
        var instance = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.SubjectType == FinancingStates.SubjectType && i.SubjectId == subjectId)
            .Select(i => new { i.Id, i.State, i.Version })
            .SingleOrDefaultAsync(ct) ?? throw new RequestNotFoundException(numeroAsp);
        return (instance.Id, instance.State, instance.Version);
    }

    /// <summary>"lignesImport[0].commande.montantSegurHT : …" → "commande.montantSegurHT : …": there is no file here, only the request.</summary>
    private static string Readable(string message) =>
        message.StartsWith(LinePath + ".", StringComparison.Ordinal) ? message[(LinePath.Length + 1)..] : message;

    private static Guid SupplierOf(Actor supplier, string numeroAsp) =>
        supplier.IsInRole(Accounts.Roles.Fournisseur) && Guid.TryParse(supplier.SupplierId, out var id) ? id : throw new RequestNotFoundException(numeroAsp);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}

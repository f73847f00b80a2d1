using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Enrolments;

/// <summary>A row of the staff's enrolments table.</summary>
public sealed record EnrolmentInstructionRow(
    string NumeroAns, string Denomination, string Siret, string TypeEnrolement, string TypeLogiciel, string Couloir, DateTime DateDepot, string Statut);

/// <summary>
/// An enrolment's lifecycle as the actor works it: its state, what staff last asked of the supplier, the actions the
/// definition offers this actor now (with their fields) and, when the state takes documents, the trigger an upload fires.
/// </summary>
public sealed record EnrolmentWork(
    Guid EnrolmentId, Guid InstanceId, int InstanceVersion, string State, string StateLabel, StaffRequest? Asked,
    IReadOnlyList<PermittedTrigger> Actions, string? DocumentsTrigger);

/// <summary>The enrolment is not visible to this actor (unknown, or another supplier's: the answer is the same).</summary>
public sealed class EnrolmentNotFoundException(string numeroAns) : WorkflowException($"L'enrôlement du logiciel n° ANS {numeroAns} est introuvable.");

/// <summary>
/// Instruction of enrolments: staff list every supplier's enrolments and fire the actions the "enrolment" definition offers
/// (ask for a document or the certificate, validate, reject); a supplier sees the same work on its own enrolment (what was
/// asked, and its upload). Nothing here is hard-coded per state: the actions come from <see cref="WorkflowRuntime"/>.
/// </summary>
public sealed class EnrolmentInstruction(SegurDatabase database, WorkflowRuntime runtime, DefinitionCatalog catalog)
{
    private static readonly string[] s_askingTriggers = [EnrolmentTriggers.DemanderPiece, EnrolmentTriggers.DemanderCertificat];

    /// <summary>
    /// Every supplier's enrolments, newest first, one page of them (paged on the server: no cap on how many exist);
    /// <paramref name="statut"/> filters on the status label, <paramref name="search"/> on ANS number, SIRET or name.
    /// </summary>
    public async Task<Page<EnrolmentInstructionRow>> ListAsync(
        string? statut = null, string? search = null, int? page = null, int? size = null, CancellationToken ct = default)
    {
        var (number, pageSize) = Page<EnrolmentInstructionRow>.Normalize(page, size);
        await using var db = database.CreateContext();
        var query = db.Enrolments.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(statut))
        {
            query = query.Where(e => e.StatusLabel == statut);
        }

        if (search?.Trim() is { Length: > 0 } text)
        {
            query = query.Where(e => e.NumeroAns.Contains(text) || e.Supplier!.Siret.Contains(text) || e.Supplier.Denomination.Contains(text));
        }

        var total = await query.CountAsync(ct);
        var rows = await query
            .OrderByDescending(e => e.CreatedAt).ThenBy(e => e.NumeroAns)
            .Skip((number - 1) * pageSize).Take(pageSize)
            .Select(e => new EnrolmentInstructionRow(e.NumeroAns, e.Supplier!.Denomination, e.Supplier.Siret, e.TypeEnrolement, e.TypeLogiciel, e.Couloir, e.CreatedAt, e.StatusLabel))
            .ToListAsync(ct);
        return new Page<EnrolmentInstructionRow>(rows, total, number, pageSize);
    }

    /// <summary>One enrolment as <paramref name="actor"/> may see it (a supplier its own, staff every one), with its id; else null.</summary>
    public async Task<(Guid Id, EnrolmentInstructionRow Row)?> FindAsync(Actor actor, string numeroAns, CancellationToken ct = default)
    {
        Guid enrolmentId;
        try
        {
            (enrolmentId, _) = await InstanceAsync(actor, numeroAns, ct);
        }
        catch (EnrolmentNotFoundException)
        {
            return null;
        }

        await using var db = database.CreateContext();
        var row = await db.Enrolments.AsNoTracking()
            .Where(e => e.Id == enrolmentId)
            .Select(e => new EnrolmentInstructionRow(e.NumeroAns, e.Supplier!.Denomination, e.Supplier.Siret, e.TypeEnrolement, e.TypeLogiciel, e.Couloir, e.CreatedAt, e.StatusLabel))
            .SingleAsync(ct);
        return (enrolmentId, row);
    }

    /// <summary>The status labels of the current enrolment definition, for the table's filter.</summary>
    public async Task<IReadOnlyList<string>> StatusLabelsAsync(CancellationToken ct = default) =>
        [.. (await catalog.GetLatestPublishedModelAsync(EnrolmentStates.DefinitionId, ct)).Model.States.Select(s => s.Label)];

    /// <summary>The work on one enrolment for <paramref name="actor"/>: a supplier reaches only its own.</summary>
    public async Task<EnrolmentWork> GetWorkAsync(Actor actor, string numeroAns, CancellationToken ct = default)
    {
        var (enrolmentId, instance) = await InstanceAsync(actor, numeroAns, ct);
        var definition = await catalog.GetAsync(instance.DefinitionId, instance.DefinitionVersion, ct);
        StaffRequest? asked = null;
        await using (var db = database.CreateContext())
        {
            var entry = await db.WorkflowJournal.AsNoTracking()
                .Where(j => j.InstanceId == instance.Id && j.ToState == instance.State && s_askingTriggers.Contains(j.Trigger))
                .OrderByDescending(j => j.Id)
                .Select(j => new { j.Trigger, j.Details, j.At })
                .FirstOrDefaultAsync(ct);
            if (entry is not null)
            {
                var text = entry.Trigger == EnrolmentTriggers.DemanderPiece
                    ? RequestAnswers.InputOf(entry.Details, EnrolmentTriggers.PieceField) ?? ""
                    : "Certificat de référencement délivré par l'ANS";
                asked = new StaffRequest(entry.Trigger, text, entry.At);
            }
        }

        var state = definition.State(instance.State).Definition;
        return new EnrolmentWork(enrolmentId, instance.Id, instance.Version, instance.State, state.Label, asked,
            await runtime.GetPermittedTriggersAsync(instance.Id, actor, ct), state.Documents?.Trigger);
    }

    /// <summary>Fires an action offered by <see cref="GetWorkAsync"/>, at the version the actor saw.</summary>
    public async Task<FireResult> FireAsync(
        Actor actor, string numeroAns, string trigger, IReadOnlyDictionary<string, object?>? input, int expectedVersion, CancellationToken ct = default)
    {
        var (_, instance) = await InstanceAsync(actor, numeroAns, ct);
        return await runtime.FireAsync(new FireRequest(instance.Id, trigger, actor) { Input = input, ExpectedVersion = expectedVersion }, ct);
    }

    internal async Task<(Guid EnrolmentId, WorkflowInstance Instance)> InstanceAsync(Actor actor, string numeroAns, CancellationToken ct)
    {
        Guid? supplierId = actor.IsInRole(Accounts.Roles.Gestionnaire)
            ? null
            : Guid.TryParse(actor.SupplierId, out var id) ? id : throw new EnrolmentNotFoundException(numeroAns);
        await using var db = database.CreateContext();
        var enrolmentId = await db.Enrolments.AsNoTracking()
            .Where(e => e.NumeroAns == numeroAns && (supplierId == null || e.SupplierId == supplierId))
            .Select(e => (Guid?)e.Id)
            .SingleOrDefaultAsync(ct) ?? throw new EnrolmentNotFoundException(numeroAns);
        var subjectId = enrolmentId.ToString();
        var instance = await db.WorkflowInstances.AsNoTracking()
            .SingleOrDefaultAsync(i => i.SubjectType == EnrolmentStates.SubjectType && i.SubjectId == subjectId, ct)
            ?? throw new EnrolmentNotFoundException(numeroAns);
        return (enrolmentId, instance);
    }
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Documents;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>What staff asked of the supplier, read from the journal entry that put the request in its state.</summary>
/// <param name="Trigger">The staff action (e.g. "DemanderPiece").</param>
/// <param name="Text">What the staff member typed: the document named, or the corrections listed.</param>
public sealed record StaffRequest(string Trigger, string Text, DateTime At);

/// <summary>The supplier's side of a request waiting for it: what was asked, and the actions the definition offers now.</summary>
public sealed record RequestAnswerView(
    Guid InstanceId, int InstanceVersion, string State, StaffRequest? Asked, IReadOnlyList<PermittedTrigger> Actions)
{
    public PermittedTrigger? Action(string trigger) => Actions.FirstOrDefault(a => a.Trigger == trigger);
}

/// <summary>
/// The supplier's answers to staff on a financing request: what was asked (journal), which of its own actions the
/// definition permits now (e.g. "Annuler", with a confirmation), and firing them. Only ever on the supplier's own request.
/// </summary>
public sealed class RequestAnswers(SegurDatabase database, WorkflowRuntime runtime)
{
    private static readonly string[] s_askingTriggers = [FinancingTriggers.DemanderPiece, FinancingTriggers.DemanderCorrection];

    public async Task<RequestAnswerView> GetAsync(Actor supplier, string numeroAsp, CancellationToken ct = default)
    {
        var instance = await InstanceAsync(supplier, numeroAsp, ct);
        StaffRequest? asked = null;
        await using (var db = database.CreateContext())
        {
            var entry = await db.WorkflowJournal.AsNoTracking()
                .Where(j => j.InstanceId == instance.Id && j.ToState == instance.State && s_askingTriggers.Contains(j.Trigger))
                .OrderByDescending(j => j.Id)
                .Select(j => new { j.Trigger, j.Details, j.At })
                .FirstOrDefaultAsync(ct);
            if (entry is not null && instance.State is FinancingStates.EnAttentePiece or FinancingStates.AModifier)
            {
                var field = entry.Trigger == FinancingTriggers.DemanderPiece ? FinancingTriggers.PieceField : FinancingTriggers.CorrectionsField;
                asked = new StaffRequest(entry.Trigger, InputOf(entry.Details, field) ?? "", entry.At);
            }
        }

        var actions = await runtime.GetPermittedTriggersAsync(instance.Id, supplier, ct);
        return new RequestAnswerView(instance.Id, instance.Version, instance.State, asked, actions);
    }

    /// <summary>Fires one of the supplier's own actions that needs no form of its own (e.g. "Annuler"), at the version the supplier saw.</summary>
    public async Task<FireResult> FireAsync(Actor supplier, string numeroAsp, string trigger, int expectedVersion, CancellationToken ct = default)
    {
        var instance = await InstanceAsync(supplier, numeroAsp, ct);
        return await runtime.FireAsync(new FireRequest(instance.Id, trigger, supplier) { ExpectedVersion = expectedVersion }, ct);
    }

    /// <summary>Reads one typed field of a journal entry's details ({"input":{...},"reports":[...]}).</summary>
    public static string? InputOf(string? details, string field)
    {
        if (details is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(details);
        return document.RootElement.TryGetProperty("input", out var input) && input.ValueKind == JsonValueKind.Object
               && input.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
    }

    private async Task<(Guid Id, string State, int Version)> InstanceAsync(Actor supplier, string numeroAsp, CancellationToken ct)
    {
        if (!supplier.IsInRole(Accounts.Roles.Fournisseur) || !Guid.TryParse(supplier.SupplierId, out var supplierId))
        {
            throw new RequestNotFoundException(numeroAsp);
        }

        await using var db = database.CreateContext();
        var requestId = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.NumeroAsp == numeroAsp && r.SupplierId == supplierId && r.DeletedAt == null)
            .Select(r => (Guid?)r.Id)
            .SingleOrDefaultAsync(ct) ?? throw new RequestNotFoundException(numeroAsp);
        var subjectId = requestId.ToString();
        var instance = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.SubjectType == FinancingStates.SubjectType && i.SubjectId == subjectId)
            .Select(i => new { i.Id, i.State, i.Version })
            .SingleOrDefaultAsync(ct) ?? throw new RequestNotFoundException(numeroAsp);
        return (instance.Id, instance.State, instance.Version);
    }
}

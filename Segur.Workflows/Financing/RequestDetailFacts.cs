using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Imports;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>
/// What the request detail page shows beside the request itself: the software's referencing (date it takes effect and
/// referenced profiles), the company's address, when the status last changed, and for a solde the beneficiaries of its avance.
/// </summary>
public sealed record RequestDetailFacts(
    DateOnly? ReferencingDate, IReadOnlyList<string> Profiles, string Couloir, string? Address, DateTime LastStatusChange,
    string? AvanceNumeroAsp, Beneficiaires? AvanceBeneficiaires);

/// <summary>Reads <see cref="RequestDetailFacts"/> in a few small queries (the request is already read by <see cref="RequestQueries"/>).</summary>
public sealed class RequestDetailQueries(SegurDatabase database)
{
    public async Task<RequestDetailFacts?> GetAsync(Guid requestId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var request = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.Id == requestId)
            .Select(r => new { r.SupplierId, r.EnrolmentId, r.NumeroAns, r.NumeroDossier, r.Type, r.Couloir, r.CreatedAt })
            .SingleOrDefaultAsync(ct);
        if (request is null)
        {
            return null;
        }

        var enrolment = await db.Enrolments.AsNoTracking()
            .Where(e => request.EnrolmentId != null ? e.Id == request.EnrolmentId : e.NumeroAns == request.NumeroAns)
            .Select(e => new { e.ReferencingDate, e.Profiles })
            .FirstOrDefaultAsync(ct);
        var address = await db.Suppliers.AsNoTracking().Where(s => s.Id == request.SupplierId).Select(s => s.Address).SingleOrDefaultAsync(ct);

        // The journal's last entry that moved the request to another state; its creation when it never moved.
        var subjectId = requestId.ToString();
        var lastChange = await (
            from i in db.WorkflowInstances.AsNoTracking()
            where i.SubjectType == FinancingStates.SubjectType && i.SubjectId == subjectId
            join j in db.WorkflowJournal.AsNoTracking() on i.Id equals j.InstanceId
            where j.FromState == null || j.FromState != j.ToState
            orderby j.Id descending
            select (DateTime?)j.At).FirstOrDefaultAsync(ct);

        string? avanceNumero = null;
        Beneficiaires? avanceBeneficiaires = null;
        if (request.Type == RequestType.Solde && request.NumeroDossier.Length > 0)
        {
            var avance = await db.FinancingRequests.AsNoTracking()
                .Where(r => r.SupplierId == request.SupplierId && r.NumeroDossier == request.NumeroDossier && r.Type == RequestType.Avance && r.DeletedAt == null)
                .Select(r => new { r.NumeroAsp, r.LineJson })
                .FirstOrDefaultAsync(ct);
            avanceNumero = avance?.NumeroAsp;
            avanceBeneficiaires = ReadBeneficiaires(avance?.LineJson);
        }

        return new RequestDetailFacts(
            enrolment?.ReferencingDate,
            enrolment is null ? [] : enrolment.Profiles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            request.Couloir, address, lastChange ?? request.CreatedAt, avanceNumero, avanceBeneficiaires);
    }

    private static Beneficiaires? ReadBeneficiaires(string? lineJson)
    {
        if (lineJson is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ImportLine>(lineJson, ImportLine.Json)?.Beneficiaires;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

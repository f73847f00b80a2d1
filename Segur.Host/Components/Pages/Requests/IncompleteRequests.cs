using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Persistence;

namespace Segur.Host.Components.Pages.Requests;

/// <summary>A request whose documents step is not finished, with its lifecycle instance and the moment it expires.</summary>
public sealed record IncompleteRequest(
    Guid Id, Guid InstanceId, string NumeroAsp, string NumeroEditeur, string Type, string NumeroAns, DateTime ImportedAt, DateTime? ExpiresAt);

/// <summary>
/// Read side of "Suivi des demandes incomplètes": the supplier's live requests in the lifecycle's first state
/// ("Non complétée"), oldest first (they expire first), paged in SQL; the expiry is the due time of the state's timer.
/// </summary>
public sealed class IncompleteRequests(SegurDatabase database)
{
    public const string State = "NonCompletee";

    public async Task<Page<IncompleteRequest>> ListAsync(Guid supplierId, int? page, int size, CancellationToken ct = default)
    {
        var (number, pageSize) = Page<IncompleteRequest>.Normalize(page, size);
        await using var db = database.CreateContext();
        var query = db.FinancingRequests.AsNoTracking().Where(r => r.SupplierId == supplierId && r.DeletedAt == null && r.Status == State);
        var total = await query.CountAsync(ct);
        var requests = await query
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.NumeroEditeur)
            .Skip((number - 1) * pageSize).Take(pageSize)
            .Select(r => new { r.Id, r.NumeroAsp, r.NumeroEditeur, r.Type, r.NumeroAns, r.CreatedAt })
            .ToListAsync(ct);

        // SubjectId holds the Guid's .NET text (providers store Guids differently): compare with strings made here.
        var subjectIds = requests.Select(r => r.Id.ToString()).ToList();
        var instances = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.SubjectType == "FinancingRequest" && subjectIds.Contains(i.SubjectId))
            .Select(i => new { i.Id, i.SubjectId })
            .ToListAsync(ct);
        var instanceIds = instances.Select(i => i.Id).ToList();
        var expiries = await db.WorkflowTimers.AsNoTracking()
            .Where(t => instanceIds.Contains(t.InstanceId) && t.Trigger == RequestFollowUp.ExpiryTrigger)
            .Select(t => new { t.InstanceId, t.DueAt })
            .ToListAsync(ct);

        var items = new List<IncompleteRequest>(requests.Count);
        foreach (var request in requests)
        {
            if (instances.FirstOrDefault(i => i.SubjectId == request.Id.ToString()) is { } instance)
            {
                var expires = expiries.Where(e => e.InstanceId == instance.Id).Select(e => (DateTime?)e.DueAt).FirstOrDefault();
                items.Add(new IncompleteRequest(request.Id, instance.Id, request.NumeroAsp, request.NumeroEditeur, request.Type, request.NumeroAns, request.CreatedAt, expires));
            }
        }

        return new Page<IncompleteRequest>(items, total, number, pageSize);
    }
}

/// <summary>A row of the incomplete requests table: the request, its expected files, whether its lifecycle lets the supplier delete it.</summary>
public sealed record IncompleteRow(IncompleteRequest Request, IReadOnlyList<Segur.Workflows.Documents.ExpectedDocumentStatus> Expected, bool CanDelete);

public sealed record IncompletePage(IReadOnlyList<IncompleteRow> Rows, int Total, int Number);

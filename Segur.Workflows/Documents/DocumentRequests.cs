using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Documents;

/// <summary>A supplier's request as the documents step sees it: its lifecycle state and the files its line expects.</summary>
internal sealed record RequestTarget(
    Guid Id, string NumeroAsp, string NumeroEditeur, Guid InstanceId, string State, string StatusLabel, IReadOnlyList<ExpectedDocument> Expected)
{
    public bool CanReceive => RequestStates.CanReceive(State);

    public DispatchTarget ToDispatch() => new(Id, NumeroEditeur, CanReceive, StatusLabel, Expected);
}

/// <summary>The states of the financing-request definition in which documents are taken, and what they fire.</summary>
internal static class RequestStates
{
    public const string DefinitionId = "financing-request";
    public const string SubjectType = "FinancingRequest";
    public const string NonCompletee = "NonCompletee";
    public const string EnAttentePiece = "EnAttentePiece";
    public const string AModifier = "AModifier";

    public static bool CanReceive(string state) => state is NonCompletee or EnAttentePiece or AModifier;

    /// <summary>The supplier's trigger once documents are stored: an incomplete request moves only when complete.</summary>
    public static string? TriggerAfterDocuments(string state, bool complete) => state switch
    {
        NonCompletee when complete => "CompleterPieces",
        EnAttentePiece => "AjouterPiece",
        AModifier => "Modifier",
        _ => null,
    };
}

/// <summary>Reads the supplier's live requests (never another supplier's, never deleted ones) with their state.</summary>
internal sealed class DocumentRequests(DefinitionCatalog catalog, DocumentOptions options)
{
    /// <summary>One request by its numéro ASP, or null when the supplier has no such live request.</summary>
    public async Task<RequestTarget?> FindAsync(SegurDbContext db, Guid supplierId, string numeroAsp, CancellationToken ct)
    {
        var request = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.SupplierId == supplierId && r.DeletedAt == null && r.NumeroAsp == numeroAsp)
            .Select(r => new { r.Id, r.NumeroAsp, r.NumeroEditeur, r.LineJson })
            .SingleOrDefaultAsync(ct);
        if (request is null)
        {
            return null;
        }

        var subjectId = request.Id.ToString();
        var instance = await Project(Instances(db).Where(i => i.SubjectId == subjectId)).SingleOrDefaultAsync(ct);
        return instance is null
            ? null
            : new RequestTarget(request.Id, request.NumeroAsp, request.NumeroEditeur, instance.Id, instance.State,
                await LabelAsync(instance.DefinitionVersion, instance.State, ct), ExpectedDocuments.FromLine(request.LineJson, options.FileNameLength));
    }

    /// <summary>Every live request of the supplier; the expected files are read only for those that can receive documents.</summary>
    public async Task<IReadOnlyList<RequestTarget>> AllAsync(SegurDbContext db, Guid supplierId, CancellationToken ct)
    {
        var requests = await db.FinancingRequests.AsNoTracking()
            .Where(r => r.SupplierId == supplierId && r.DeletedAt == null)
            .Select(r => new { r.Id, r.NumeroAsp, r.NumeroEditeur })
            .ToListAsync(ct);

        // SubjectId is the Guid's .NET text; SQLite stores Guids differently, so ids are compared as strings made here.
        var subjectIds = requests.Select(r => r.Id.ToString()).ToList();
        var instances = (await Project(Instances(db).Where(i => subjectIds.Contains(i.SubjectId))).ToListAsync(ct))
            .ToDictionary(i => Guid.Parse(i.SubjectId));

        var receiving = instances.Where(i => RequestStates.CanReceive(i.Value.State)).Select(i => i.Key).ToList();
        var lines = await db.FinancingRequests.AsNoTracking()
            .Where(r => receiving.Contains(r.Id))
            .Select(r => new { r.Id, r.LineJson })
            .ToDictionaryAsync(r => r.Id, r => r.LineJson, ct);

        var targets = new List<RequestTarget>(requests.Count);
        foreach (var request in requests)
        {
            if (instances.TryGetValue(request.Id, out var instance))
            {
                targets.Add(new RequestTarget(request.Id, request.NumeroAsp, request.NumeroEditeur, instance.Id, instance.State,
                    await LabelAsync(instance.DefinitionVersion, instance.State, ct),
                    ExpectedDocuments.FromLine(lines.GetValueOrDefault(request.Id), options.FileNameLength)));
            }
        }

        return targets;
    }

    /// <summary>The seed's French label of a state ("Non complétée", "En cours"...).</summary>
    public async Task<string> LabelAsync(int definitionVersion, string state, CancellationToken ct)
    {
        var definition = await catalog.GetAsync(RequestStates.DefinitionId, definitionVersion, ct);
        return definition.HasState(state) ? definition.State(state).Label : state;
    }

    /// <summary>The financing-request instances (read: WorkflowInstances where SubjectType = "FinancingRequest").</summary>
    internal static IQueryable<WorkflowInstance> Instances(SegurDbContext db) => db.WorkflowInstances.AsNoTracking()
        .Where(i => i.SubjectType == RequestStates.SubjectType && i.DefinitionId == RequestStates.DefinitionId);

    internal static IQueryable<InstanceState> Project(IQueryable<WorkflowInstance> instances) =>
        instances.Select(i => new InstanceState(i.Id, i.SubjectId, i.State, i.DefinitionVersion, i.Version));
}

internal sealed record InstanceState(Guid Id, string SubjectId, string State, int DefinitionVersion, int Version);

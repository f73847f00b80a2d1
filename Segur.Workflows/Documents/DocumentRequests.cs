using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Financing;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Documents;

/// <summary>A supplier's request as the documents step sees it: its lifecycle state and the files its line expects.</summary>
/// <param name="CanReceive">Whether its state takes documents (the state's <c>documents</c> in the definition).</param>
/// <param name="ReceivingStates">The labels of the states that take documents, for a refusal's message.</param>
internal sealed record RequestTarget(
    Guid Id, string NumeroAsp, string NumeroEditeur, Guid InstanceId, string State, string StatusLabel, IReadOnlyList<ExpectedDocument> Expected,
    bool CanReceive, string ReceivingStates, FinancingRuleSet Rules)
{
    public DispatchTarget ToDispatch() => new(Id, NumeroEditeur, CanReceive, StatusLabel, Expected);
}

/// <summary>The financing-request definition as the documents step reads it.</summary>
internal static class RequestStates
{
    public const string DefinitionId = FinancingStates.DefinitionId;
    public const string SubjectType = FinancingStates.SubjectType;
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
            : await TargetAsync(request.Id, request.NumeroAsp, request.NumeroEditeur, instance, request.LineJson, ct);
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

        var receiving = new List<Guid>();
        foreach (var (requestId, instance) in instances)
        {
            if ((await RulesAsync(instance.DefinitionVersion, ct)).AcceptsDocuments(instance.State))
            {
                receiving.Add(requestId);
            }
        }

        var lines = await db.FinancingRequests.AsNoTracking()
            .Where(r => receiving.Contains(r.Id))
            .Select(r => new { r.Id, r.LineJson })
            .ToDictionaryAsync(r => r.Id, r => r.LineJson, ct);

        var targets = new List<RequestTarget>(requests.Count);
        foreach (var request in requests)
        {
            if (instances.TryGetValue(request.Id, out var instance))
            {
                targets.Add(await TargetAsync(request.Id, request.NumeroAsp, request.NumeroEditeur, instance, lines.GetValueOrDefault(request.Id), ct));
            }
        }

        return targets;
    }

    /// <summary>What the definition version says of documents and states.</summary>
    public async Task<FinancingRuleSet> RulesAsync(int definitionVersion, CancellationToken ct) =>
        FinancingRules.From(await catalog.GetModelAsync(RequestStates.DefinitionId, definitionVersion, ct));

    private async Task<RequestTarget> TargetAsync(
        Guid id, string numeroAsp, string numeroEditeur, InstanceState instance, string? lineJson, CancellationToken ct)
    {
        var rules = await RulesAsync(instance.DefinitionVersion, ct);
        return new RequestTarget(id, numeroAsp, numeroEditeur, instance.Id, instance.State,
            rules.Labels.GetValueOrDefault(instance.State, instance.State), ExpectedDocuments.FromLine(lineJson, options.FileNameLength),
            rules.AcceptsDocuments(instance.State), rules.DocumentStatesText(), rules);
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

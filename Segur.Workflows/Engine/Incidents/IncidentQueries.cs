using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Mail;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Incidents;

/// <summary>
/// A fire that failed and waits for staff to retry it. <see cref="StateLabel"/> and <see cref="TriggerLabel"/> are what users
/// read (from the instance's definition version); the codes when that version cannot be read.
/// </summary>
public sealed record OpenIncident(
    Guid Id, DateTime CreatedAt, string DefinitionId, string SubjectType, string Subject, string State, string Trigger, string Message, int Attempts,
    string StateLabel, string TriggerLabel);

/// <summary>A message that failed every try: what it was (never its content, which may hold a secret), and why.</summary>
public sealed record DeadLetter(Guid Id, DateTime CreatedAt, DateTime DeadLetteredAt, string Kind, string? Summary, int Attempts, string? LastError);

/// <summary>What the staff incidents page lists: open workflow incidents and dead-lettered messages, newest first.</summary>
public sealed class IncidentQueries(SegurDatabase database, Versions.DefinitionCatalog catalog)
{
    public async Task<IReadOnlyList<OpenIncident>> OpenIncidentsAsync(int max = 200, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await (
                from i in db.Incidents.AsNoTracking()
                where i.ResolvedAt == null
                join w in db.WorkflowInstances.AsNoTracking() on i.InstanceId equals w.Id
                orderby i.CreatedAt descending
                select new { i.Id, i.CreatedAt, w.DefinitionId, w.DefinitionVersion, w.SubjectType, w.SubjectId, i.State, i.Trigger, i.Message, i.Attempts })
            .Take(max)
            .ToListAsync(ct);
        var requestIds = rows.Where(r => r.SubjectType == "FinancingRequest")
            .Select(r => Guid.TryParse(r.SubjectId, out var id) ? id : Guid.Empty).ToList();
        var numbers = await db.FinancingRequests.AsNoTracking()
            .Where(r => requestIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id.ToString(), r => r.NumeroAsp, ct);
        var definitions = new Dictionary<(string, int), Definitions.CompiledDefinition?>();
        foreach (var key in rows.Select(r => (r.DefinitionId, r.DefinitionVersion)).Distinct())
        {
            definitions[key] = await TryGetAsync(key.DefinitionId, key.DefinitionVersion, ct);
        }

        return [.. rows.Select(r =>
        {
            var definition = definitions[(r.DefinitionId, r.DefinitionVersion)];
            var stateLabel = definition?.HasState(r.State) == true ? definition.State(r.State).Label : r.State;
            var triggerLabel = definition?.Model.Transitions.FirstOrDefault(t => t.Trigger == r.Trigger && t.From == r.State)?.Label
                ?? definition?.Model.Transitions.FirstOrDefault(t => t.Trigger == r.Trigger)?.Label
                ?? r.Trigger;
            return new OpenIncident(r.Id, r.CreatedAt, r.DefinitionId, r.SubjectType,
                numbers.TryGetValue(r.SubjectId, out var numero) ? $"Demande n° {numero}" : r.SubjectId, r.State, r.Trigger, r.Message, r.Attempts,
                stateLabel, triggerLabel);
        })];
    }

    // The version an incident is about may be the broken one (decision 0093): then the page shows the codes.
    private async Task<Definitions.CompiledDefinition?> TryGetAsync(string id, int version, CancellationToken ct)
    {
        try
        {
            return await catalog.GetAsync(id, version, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<DeadLetter>> DeadLettersAsync(int max = 200, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DeadLetteredAt != null)
            .OrderByDescending(m => m.DeadLetteredAt)
            .Take(max)
            .ToListAsync(ct);
        return [.. rows.Select(m => new DeadLetter(m.Id, m.CreatedAt, m.DeadLetteredAt!.Value, KindOf(m.Type), SummaryOf(m), m.Attempts, m.LastError))];
    }

    private static string KindOf(string type) => type switch
    {
        _ when type == MessageTypes.NameOf(typeof(EmailRequested)) => "E-mail",
        _ when type == MessageTypes.NameOf(typeof(WorkflowTransitioned)) => "Changement d'état",
        _ when type == MessageTypes.NameOf(typeof(WorkflowEventPublished)) => "Événement métier",
        _ => type[(type.LastIndexOf('.') + 1)..],
    };

    /// <summary>An e-mail's subject (not its body nor recipient: they may be personal or secret).</summary>
    private static string? SummaryOf(OutboxMessage message)
    {
        if (message.Type != MessageTypes.NameOf(typeof(EmailRequested)))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(message.Payload);
            return json.RootElement.TryGetProperty("subject", out var subject) ? subject.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

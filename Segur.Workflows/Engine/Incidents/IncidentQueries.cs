using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Mail;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Incidents;

/// <summary>A fire that failed and waits for staff to retry it.</summary>
public sealed record OpenIncident(
    Guid Id, DateTime CreatedAt, string DefinitionId, string SubjectType, string Subject, string State, string Trigger, string Message, int Attempts);

/// <summary>A message that failed every try: what it was (never its content, which may hold a secret), and why.</summary>
public sealed record DeadLetter(Guid Id, DateTime CreatedAt, DateTime DeadLetteredAt, string Kind, string? Summary, int Attempts, string? LastError);

/// <summary>What the staff incidents page lists: open workflow incidents and dead-lettered messages, newest first.</summary>
public sealed class IncidentQueries(SegurDatabase database)
{
    public async Task<IReadOnlyList<OpenIncident>> OpenIncidentsAsync(int max = 200, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await (
                from i in db.Incidents.AsNoTracking()
                where i.ResolvedAt == null
                join w in db.WorkflowInstances.AsNoTracking() on i.InstanceId equals w.Id
                orderby i.CreatedAt descending
                select new { i.Id, i.CreatedAt, w.DefinitionId, w.SubjectType, w.SubjectId, i.State, i.Trigger, i.Message, i.Attempts })
            .Take(max)
            .ToListAsync(ct);
        var requestIds = rows.Where(r => r.SubjectType == "FinancingRequest")
            .Select(r => Guid.TryParse(r.SubjectId, out var id) ? id : Guid.Empty).ToList();
        var numbers = await db.FinancingRequests.AsNoTracking()
            .Where(r => requestIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id.ToString(), r => r.NumeroAsp, ct);
        return [.. rows.Select(r => new OpenIncident(r.Id, r.CreatedAt, r.DefinitionId, r.SubjectType,
            numbers.TryGetValue(r.SubjectId, out var numero) ? $"Demande n° {numero}" : r.SubjectId, r.State, r.Trigger, r.Message, r.Attempts))];
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

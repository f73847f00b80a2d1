using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Segur.Workflows.AccountChanges;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Instruction;

/// <summary>
/// The staff task inbox: the open <see cref="StaffTask"/> rows the engine creates from the definitions' <c>tasks</c>, for the
/// actor's roles, with what each is about (request, payment or enrolment: number, supplier, software type), paged on the
/// server in one query. A task kind added to a definition appears here with no code change.
/// </summary>
public sealed class TaskInbox(SegurDatabase database, DefinitionCatalog catalog, TimeProvider clock)
{
    public async Task<Page<TaskRow>> ListAsync(Actor actor, TaskFilter filter, int? page, int? size, CancellationToken ct = default)
    {
        var (number, pageSize) = Page<TaskRow>.Normalize(page, size);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = database.CreateContext();
        var rows = Rows(db, actor);
        if (!string.IsNullOrEmpty(filter.Code))
        {
            rows = rows.Where(r => r.Code == filter.Code);
        }

        if (!string.IsNullOrEmpty(filter.SubjectType))
        {
            rows = rows.Where(r => r.SubjectType == filter.SubjectType);
        }

        if (filter.SupplierId is { } supplierId)
        {
            rows = rows.Where(r => r.SupplierId == supplierId);
        }

        if (!string.IsNullOrEmpty(filter.TypeLogiciel))
        {
            rows = rows.Where(r => r.TypeLogiciel == filter.TypeLogiciel);
        }

        if (!string.IsNullOrEmpty(filter.State))
        {
            rows = rows.Where(r => r.State == filter.State);
        }

        if (filter.DueBy is { } dueBy)
        {
            var end = ParisDays.EndUtc(dueBy);
            rows = rows.Where(r => r.DueAt != null && r.DueAt < end);
        }

        if (filter.OverdueOnly)
        {
            rows = rows.Where(r => r.DueAt != null && r.DueAt < now);
        }

        rows = filter.Assignment switch
        {
            TaskAssignment.Mine => rows.Where(r => r.ClaimedBy == actor.Id),
            TaskAssignment.Unassigned => rows.Where(r => r.ClaimedBy == null),
            _ => rows,
        };

        var total = await rows.CountAsync(ct);
        var items = await Sorted(rows, filter).Skip((number - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var result = new List<TaskRow>(items.Count);
        foreach (var r in items)
        {
            var definition = await catalog.GetAsync(r.DefinitionId, r.DefinitionVersion, ct);
            result.Add(new TaskRow(
                r.Id, r.InstanceId, r.Code, r.Label, r.SubjectType, definition.Model.Name, r.SubjectId, r.Numero, r.NumeroAsp, r.SupplierId,
                r.Denomination, r.TypeLogiciel, r.Couloir, r.State, definition.HasState(r.State) ? definition.State(r.State).Label : r.State,
                r.CreatedAt, r.DueAt, r.DueAt < now, r.ClaimedBy, r.ClaimedByName));
        }

        return new Page<TaskRow>(result, total, number, pageSize);
    }

    /// <summary>The queues (kind of task × subject type) with their open, unassigned, own and overdue counts.</summary>
    public async Task<IReadOnlyList<TaskQueue>> QueuesAsync(Actor actor, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = database.CreateContext();
        var groups = await (
                from t in OpenTasksFor(db, actor)
                join i in db.WorkflowInstances on t.InstanceId equals i.Id
                group t by new { i.SubjectType, i.DefinitionId, t.Code, t.Label } into g
                select new
                {
                    g.Key.SubjectType,
                    g.Key.DefinitionId,
                    g.Key.Code,
                    g.Key.Label,
                    Open = g.Count(),
                    Unassigned = g.Count(t => t.ClaimedBy == null),
                    Mine = g.Count(t => t.ClaimedBy == actor.Id),
                    Overdue = g.Count(t => t.DueAt != null && t.DueAt < now),
                })
            .ToListAsync(ct);
        var queues = new List<TaskQueue>(groups.Count);
        foreach (var g in groups.OrderBy(g => g.SubjectType, StringComparer.Ordinal).ThenBy(g => g.Label, StringComparer.Ordinal))
        {
            var definition = await catalog.GetLatestPublishedModelAsync(g.DefinitionId, ct);
            queues.Add(new TaskQueue(g.SubjectType, definition.Model.Name, g.Code, g.Label, g.Open, g.Unassigned, g.Mine, g.Overdue));
        }

        return queues;
    }

    /// <summary>What the filters offer: the queues, the suppliers and software types, the states that carry tasks.</summary>
    public async Task<TaskFilterOptions> OptionsAsync(Actor actor, CancellationToken ct = default)
    {
        var queues = await QueuesAsync(actor, ct);
        await using var db = database.CreateContext();
        var suppliers = (await db.Suppliers.AsNoTracking().OrderBy(s => s.Denomination).Select(s => new { s.Id, s.Denomination }).ToListAsync(ct))
            .Select(s => (s.Id, s.Denomination)).ToList();
        var types = await db.Enrolments.AsNoTracking().Select(e => e.TypeLogiciel).Distinct().OrderBy(t => t).ToListAsync(ct);
        var states = new List<(string Code, string Label)>();
        foreach (var definitionId in (await catalog.ListAsync(null, ct)).Select(v => v.DefinitionId).Distinct())
        {
            var definition = await catalog.GetLatestPublishedModelAsync(definitionId, ct);
            states.AddRange(definition.Model.States.Where(s => s.Tasks.Count > 0).Select(s => (s.Code, $"{s.Label} ({definition.Model.Name})")));
        }

        return new TaskFilterOptions(queues, suppliers, types, states.DistinctBy(s => s.Code).ToList());
    }

    private static IQueryable<TaskData> Sorted(IQueryable<TaskData> rows, TaskFilter filter) => (filter.Sort, filter.Descending) switch
    {
        (TaskSort.CreatedAt, false) => rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id),
        (TaskSort.CreatedAt, true) => rows.OrderByDescending(r => r.CreatedAt).ThenBy(r => r.Id),
        (TaskSort.Label, false) => rows.OrderBy(r => r.Label).ThenBy(r => r.DueAt == null).ThenBy(r => r.DueAt).ThenBy(r => r.Id),
        (TaskSort.Label, true) => rows.OrderByDescending(r => r.Label).ThenBy(r => r.DueAt == null).ThenBy(r => r.DueAt).ThenBy(r => r.Id),
        (TaskSort.Supplier, false) => rows.OrderBy(r => r.Denomination).ThenBy(r => r.Numero).ThenBy(r => r.Id),
        (TaskSort.Supplier, true) => rows.OrderByDescending(r => r.Denomination).ThenBy(r => r.Numero).ThenBy(r => r.Id),
        (TaskSort.Numero, false) => rows.OrderBy(r => r.Numero).ThenBy(r => r.Id),
        (TaskSort.Numero, true) => rows.OrderByDescending(r => r.Numero).ThenBy(r => r.Id),

        // Due first; tasks without a due date last.
        (_, false) => rows.OrderBy(r => r.DueAt == null).ThenBy(r => r.DueAt).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id),
        (_, true) => rows.OrderBy(r => r.DueAt == null).ThenByDescending(r => r.DueAt).ThenBy(r => r.CreatedAt).ThenBy(r => r.Id),
    };

    /// <summary>
    /// Open tasks for the actor's roles joined with their subject. Instances name their subject by the Guid's text, which each
    /// provider stores its own way: the subject's id is compared as lower-case text.
    /// </summary>
    private static IQueryable<TaskData> Rows(SegurDbContext db, Actor actor) =>
        from t in OpenTasksFor(db, actor)
        join i in db.WorkflowInstances on t.InstanceId equals i.Id
        join r in db.FinancingRequests on new { Type = i.SubjectType, Id = i.SubjectId } equals new { Type = SubjectTypes.FinancingRequest, Id = r.Id.ToString().ToLower() } into rs
        from r in rs.DefaultIfEmpty()
        join p in db.Payments on new { Type = i.SubjectType, Id = i.SubjectId } equals new { Type = SubjectTypes.Payment, Id = p.Id.ToString().ToLower() } into ps
        from p in ps.DefaultIfEmpty()
        join pr in db.FinancingRequests on p.RequestId equals pr.Id into prs
        from pr in prs.DefaultIfEmpty()
        join e in db.Enrolments on new { Type = i.SubjectType, Id = i.SubjectId } equals new { Type = SubjectTypes.Enrolment, Id = e.Id.ToString().ToLower() } into es
        from e in es.DefaultIfEmpty()
        join s in db.Suppliers on e.SupplierId equals s.Id into ss
        from s in ss.DefaultIfEmpty()
        join b in db.BankDetailsChanges on new { Type = i.SubjectType, Id = i.SubjectId } equals new { Type = AccountChangeStates.BankDetailsSubject, Id = b.Id.ToString().ToLower() } into bs
        from b in bs.DefaultIfEmpty()
        join c in db.PersonsChanges on new { Type = i.SubjectType, Id = i.SubjectId } equals new { Type = AccountChangeStates.PersonsSubject, Id = c.Id.ToString().ToLower() } into cs
        from c in cs.DefaultIfEmpty()
        join m in db.DocumentTemplates on new { Type = i.SubjectType, Id = i.SubjectId } equals new { Type = AccountChangeStates.TemplateSubject, Id = m.Id.ToString().ToLower() } into ms
        from m in ms.DefaultIfEmpty()
        join u in db.Users on t.ClaimedBy equals u.UserName into us
        from u in us.DefaultIfEmpty()
        select new TaskData
        {
            Id = t.Id,
            InstanceId = t.InstanceId,
            Code = t.Code,
            Label = t.Label,
            State = t.State,
            CreatedAt = t.CreatedAt,
            DueAt = t.DueAt,
            ClaimedBy = t.ClaimedBy,
            ClaimedByName = u != null ? u.DisplayName : null,
            SubjectType = i.SubjectType,
            SubjectId = i.SubjectId,
            DefinitionId = i.DefinitionId,
            DefinitionVersion = i.DefinitionVersion,
            // An account change is named by the company's SIRET; a document template by its file's name.
            Numero = r != null ? r.NumeroAsp : pr != null ? pr.NumeroAsp : e != null ? e.NumeroAns
                : b != null ? b.Siret : c != null ? c.Siret : m != null ? m.FileName : null,
            NumeroAsp = r != null ? r.NumeroAsp : pr != null ? pr.NumeroAsp : null,
            SupplierId = r != null ? (Guid?)r.SupplierId : pr != null ? (Guid?)pr.SupplierId : e != null ? (Guid?)e.SupplierId
                : b != null ? (Guid?)b.SupplierId : c != null ? (Guid?)c.SupplierId : m != null ? (Guid?)m.SupplierId : null,
            Denomination = r != null ? r.Denomination : pr != null ? pr.Denomination : s != null ? s.Denomination
                : b != null ? b.Denomination : c != null ? c.Denomination : m != null ? m.Denomination : null,
            TypeLogiciel = r != null ? r.TypeLogiciel : pr != null ? pr.TypeLogiciel : e != null ? e.TypeLogiciel : null,
            Couloir = r != null ? r.Couloir : pr != null ? pr.Couloir : e != null ? e.Couloir : null,
        };

    internal static IQueryable<StaffTask> OpenTasksFor(SegurDbContext db, Actor actor) =>
        db.StaffTasks.AsNoTracking().Where(t => t.Status == StaffTaskStatus.Open).Where(ForRoles(actor.Roles));

    /// <summary><c>Roles</c> is a comma-separated list: a task is for the actor when one of its roles is among the actor's.</summary>
    private static Expression<Func<StaffTask, bool>> ForRoles(IReadOnlyList<string> roles)
    {
        var task = Expression.Parameter(typeof(StaffTask), "t");
        var concat = typeof(string).GetMethod(nameof(string.Concat), [typeof(string), typeof(string), typeof(string)])!;
        var contains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
        var wrapped = Expression.Call(concat, Expression.Constant(","), Expression.Property(task, nameof(StaffTask.Roles)), Expression.Constant(","));
        Expression body = Expression.Constant(false);
        foreach (var role in roles)
        {
            body = Expression.OrElse(body, Expression.Call(wrapped, contains, Expression.Constant("," + role + ",")));
        }

        return Expression.Lambda<Func<StaffTask, bool>>(body, task);
    }

    private sealed class TaskData
    {
        public Guid Id { get; init; }

        public Guid InstanceId { get; init; }

        public string Code { get; init; } = "";

        public string Label { get; init; } = "";

        public string State { get; init; } = "";

        public DateTime CreatedAt { get; init; }

        public DateTime? DueAt { get; init; }

        public string? ClaimedBy { get; init; }

        public string? ClaimedByName { get; init; }

        public string SubjectType { get; init; } = "";

        public string SubjectId { get; init; } = "";

        public string DefinitionId { get; init; } = "";

        public int DefinitionVersion { get; init; }

        public string? Numero { get; init; }

        public string? NumeroAsp { get; init; }

        public Guid? SupplierId { get; init; }

        public string? Denomination { get; init; }

        public string? TypeLogiciel { get; init; }

        public string? Couloir { get; init; }
    }
}

/// <summary>The subject types of the definitions this product ships.</summary>
public static class SubjectTypes
{
    public const string FinancingRequest = "FinancingRequest";
    public const string Payment = "Payment";
    public const string Enrolment = "Enrolment";
}

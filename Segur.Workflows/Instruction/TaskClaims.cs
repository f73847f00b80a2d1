using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Instruction;

/// <summary>Who holds a task: the UID and the name shown to the others.</summary>
public sealed record TaskHolder(string Uid, string Name)
{
    public override string ToString() => Name == Uid || Name.Length == 0 ? Uid : $"{Name} ({Uid})";
}

/// <summary>The task is held by someone else: the second staff member is told who.</summary>
public sealed class TaskClaimedException(string label, TaskHolder holder)
    : WorkflowException($"La tâche « {label} » est déjà prise par {holder} : elle ne peut être traitée que par cette personne, sauf si elle la relâche ou si un superviseur la réattribue.")
{
    public TaskHolder Holder { get; } = holder;
}

/// <summary>
/// Claim, release and reassignment of inbox tasks. A claim is one conditional UPDATE through the <see cref="DatabaseWriter"/>
/// ("set the holder where there is none, or where it is me"), so two staff clicking at once cannot both get it: the database
/// decides, the second is told who holds it. Releasing someone else's task, or reassigning one, is for the Superviseur role.
/// </summary>
public sealed class TaskClaims(SegurDatabase database, DatabaseWriter writer)
{
    public async Task ClaimAsync(Guid taskId, Actor actor, CancellationToken ct = default)
    {
        var task = await OpenTaskForAsync(taskId, actor, ct);
        var holder = await writer.WriteAsync(async scope =>
        {
            var updated = await scope.Db.StaffTasks
                .Where(t => t.Id == taskId && t.Status == StaffTaskStatus.Open && (t.ClaimedBy == null || t.ClaimedBy == actor.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, actor.Id), scope.CancellationToken);
            return updated == 1
                ? null
                : await scope.Db.StaffTasks.Where(t => t.Id == taskId).Select(t => t.ClaimedBy).SingleAsync(scope.CancellationToken);
        }, ct);
        if (holder is not null)
        {
            throw new TaskClaimedException(task.Label, await HolderAsync(holder, ct));
        }
    }

    /// <summary>Gives the task back to the queue: its holder may, a Superviseur may for anyone.</summary>
    public async Task ReleaseAsync(Guid taskId, Actor actor, CancellationToken ct = default)
    {
        var task = await OpenTaskForAsync(taskId, actor, ct);
        var supervisor = actor.IsInRole(Roles.Superviseur);
        if (task.ClaimedBy is { } holder && holder != actor.Id && !supervisor)
        {
            throw new TaskClaimedException(task.Label, await HolderAsync(holder, ct));
        }

        await writer.WriteAsync(scope => scope.Db.StaffTasks
            .Where(t => t.Id == taskId && t.Status == StaffTaskStatus.Open && (supervisor || t.ClaimedBy == actor.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, (string?)null), scope.CancellationToken), ct);
    }

    /// <summary>A Superviseur gives the task to another staff member who has one of the task's roles.</summary>
    public async Task ReassignAsync(Guid taskId, string toUid, Actor actor, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.Superviseur))
        {
            throw new WorkflowException("Seul un superviseur peut réattribuer une tâche.");
        }

        var task = await OpenTaskForAsync(taskId, actor, ct);
        var roles = task.Roles.Split(',');
        var candidates = await StaffAsync(roles, ct);
        if (candidates.All(c => c.Uid != toUid))
        {
            throw new WorkflowException($"« {toUid} » n'est pas un compte pouvant traiter la tâche « {task.Label} » (rôle(s) {task.Roles}).");
        }

        var updated = await writer.WriteAsync(scope => scope.Db.StaffTasks
            .Where(t => t.Id == taskId && t.Status == StaffTaskStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ClaimedBy, toUid), scope.CancellationToken), ct);
        if (updated == 0)
        {
            throw new WorkflowException($"La tâche « {task.Label} » vient d'être traitée : elle ne peut plus être réattribuée.");
        }
    }

    /// <summary>The accounts having one of <paramref name="roles"/>: who a task can be given to.</summary>
    public async Task<IReadOnlyList<TaskHolder>> StaffAsync(IReadOnlyList<string> roles, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var rows = await (
                from u in db.Users
                join ur in db.UserRoles on u.Id equals ur.UserId
                join r in db.Roles on ur.RoleId equals r.Id
                where roles.Contains(r.Name!)
                select new { u.UserName, u.DisplayName })
            .Distinct()
            .ToListAsync(ct);
        return [.. rows.Select(r => new TaskHolder(r.UserName!, r.DisplayName)).OrderBy(h => h.Name, StringComparer.Ordinal)];
    }

    /// <summary>The open task of an instance (a state declares at most a few; the first due), or null.</summary>
    public async Task<OpenTask?> OpenTaskOfAsync(Guid instanceId, CancellationToken ct = default)
    {
        await using var db = database.CreateContext();
        var task = await (
                from t in db.StaffTasks.AsNoTracking()
                where t.InstanceId == instanceId && t.Status == StaffTaskStatus.Open
                join u in db.Users on t.ClaimedBy equals u.UserName into us
                from u in us.DefaultIfEmpty()
                orderby t.CreatedAt
                select new { t.Id, t.Code, t.Label, t.Roles, t.State, t.DueAt, t.ClaimedBy, Name = u != null ? u.DisplayName : null })
            .FirstOrDefaultAsync(ct);
        return task is null
            ? null
            : new OpenTask(task.Id, task.Code, task.Label, task.Roles.Split(','), task.State, task.DueAt,
                task.ClaimedBy is { } uid ? new TaskHolder(uid, task.Name ?? uid) : null);
    }

    private async Task<TaskHolder> HolderAsync(string uid, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var name = await db.Users.AsNoTracking().Where(u => u.UserName == uid).Select(u => u.DisplayName).FirstOrDefaultAsync(ct);
        return new TaskHolder(uid, name ?? uid);
    }

    private async Task<StaffTask> OpenTaskForAsync(Guid taskId, Actor actor, CancellationToken ct)
    {
        await using var db = database.CreateContext();
        var task = await db.StaffTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, ct)
            ?? throw new WorkflowException("Cette tâche est introuvable.");
        if (task.Status != StaffTaskStatus.Open)
        {
            throw new WorkflowException($"La tâche « {task.Label} » a déjà été traitée : elle n'est plus dans la corbeille.");
        }

        if (!task.Roles.Split(',').Any(actor.IsInRole))
        {
            throw new WorkflowException($"La tâche « {task.Label} » est réservée au(x) rôle(s) {task.Roles}.");
        }

        return task;
    }
}

/// <summary>An open task of an instance and its holder, if any.</summary>
public sealed record OpenTask(Guid Id, string Code, string Label, IReadOnlyList<string> Roles, string State, DateTime? DueAt, TaskHolder? Holder);

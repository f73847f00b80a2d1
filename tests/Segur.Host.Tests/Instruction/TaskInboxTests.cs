using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Segur.Host.Tests.TestSupport;
using Segur.Workflows.Accounts;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Instruction;

namespace Segur.Host.Tests.Instruction;

/// <summary>The staff task inbox fed by the definitions' tasks: filters, counts, claims (atomic, the holder named), release, reassignment.</summary>
public sealed class TaskInboxTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private SegurApp _app = default!;

    private TaskInbox Inbox => _app.Services.GetRequiredService<TaskInbox>();

    private TaskClaims Claims => _app.Services.GetRequiredService<TaskClaims>();

    public Task InitializeAsync()
    {
        _app = SegurApp.Start(_clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task DepositedRequests_AreInstructionTasks_FilteredBySupplierSoftwareAndAssignment()
    {
        var (lgc, dpi) = (_app.Demo.Suppliers[0], _app.Demo.Suppliers[1]);
        var first = await StaffActors.DepositAsync(_app, lgc, "INBOX-1");
        await StaffActors.DepositAsync(_app, lgc, "INBOX-2");
        await StaffActors.DepositAsync(_app, dpi, "INBOX-3");
        await FinancingRequests.CreateAsync(_app, dpi, "INBOX-INCOMPLETE");
        var me = StaffActors.Gestionnaire(_app);

        var all = await Inbox.ListAsync(me, new TaskFilter(), 1, 50);
        Assert.Equal(3, all.Total);
        Assert.All(all.Items, t => Assert.Equal(("Instruire la demande", "En cours", "Demande de financement"), (t.Label, t.StateLabel, t.SubjectTypeLabel)));
        var row = Assert.Single(all.Items, t => t.NumeroAsp == first.NumeroAsp);
        Assert.Equal((lgc.Denomination, "LGC"), (row.Denomination, row.TypeLogiciel));
        Assert.Equal(_clock.GetUtcNow().UtcDateTime.AddDays(10), row.DueAt);

        var supplierId = row.SupplierId!.Value;
        Assert.Equal(2, (await Inbox.ListAsync(me, new TaskFilter { SupplierId = supplierId }, 1, 50)).Total);
        Assert.Equal(1, (await Inbox.ListAsync(me, new TaskFilter { TypeLogiciel = "DPI" }, 1, 50)).Total);
        Assert.Equal(3, (await Inbox.ListAsync(me, new TaskFilter { Code = "InstructionDemande", State = "EnCours", SubjectType = "FinancingRequest" }, 1, 50)).Total);
        Assert.Equal(0, (await Inbox.ListAsync(me, new TaskFilter { Code = "DecisionDemande" }, 1, 50)).Total);

        await Claims.ClaimAsync(row.Id, me);
        var mine = await Inbox.ListAsync(me, new TaskFilter { Assignment = TaskAssignment.Mine }, 1, 50);
        Assert.Equal(first.NumeroAsp, Assert.Single(mine.Items).NumeroAsp);
        Assert.Equal(2, (await Inbox.ListAsync(me, new TaskFilter { Assignment = TaskAssignment.Unassigned }, 1, 50)).Total);

        var queue = Assert.Single(await Inbox.QueuesAsync(me));
        Assert.Equal(("InstructionDemande", 3, 2, 1, 0), (queue.Code, queue.Open, queue.Unassigned, queue.Mine, queue.Overdue));

        // A supplier sees no staff task.
        Assert.Equal(0, (await Inbox.ListAsync(new Actor(lgc.Uid, [Roles.Fournisseur]), new TaskFilter(), 1, 50)).Total);
    }

    [Fact]
    public async Task TheInbox_PagesAndSorts_OnTheServer()
    {
        var supplier = _app.Demo.Suppliers[0];
        for (var i = 1; i <= 5; i++)
        {
            await StaffActors.DepositAsync(_app, supplier, $"PAGE-{i}");
            _clock.Advance(TimeSpan.FromHours(1));
        }

        var me = StaffActors.Gestionnaire(_app);
        var page2 = await Inbox.ListAsync(me, new TaskFilter { Sort = TaskSort.CreatedAt, Descending = true }, 2, 2);
        Assert.Equal((5, 2), (page2.Total, page2.Items.Count));
        Assert.True(page2.Items[0].CreatedAt > page2.Items[1].CreatedAt);
        var firstDue = (await Inbox.ListAsync(me, new TaskFilter(), 1, 1)).Items[0];
        Assert.Equal((await Inbox.ListAsync(me, new TaskFilter { Sort = TaskSort.CreatedAt }, 1, 1)).Items[0].Id, firstDue.Id);
    }

    [Fact]
    public async Task ATaskPastItsDueDelay_IsOverdue()
    {
        await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[0], "LATE-1");
        _clock.Advance(TimeSpan.FromDays(11));
        await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[0], "ONTIME-1");
        var me = StaffActors.Gestionnaire(_app);

        var overdue = await Inbox.ListAsync(me, new TaskFilter { OverdueOnly = true }, 1, 50);
        Assert.True(Assert.Single(overdue.Items).Overdue);
        Assert.Equal(1, Assert.Single(await Inbox.QueuesAsync(me)).Overdue);
        Assert.Equal(1, (await Inbox.ListAsync(me, new TaskFilter { DueBy = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime) }, 1, 50)).Total);
    }

    [Fact]
    public async Task ASecondStaffMember_CannotClaimAHeldTask_AndIsToldWhoHoldsIt()
    {
        await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[0], "CLAIM-1");
        var (holder, other) = (StaffActors.Superviseur(_app), StaffActors.Gestionnaire(_app));
        var task = Assert.Single((await Inbox.ListAsync(holder, new TaskFilter(), 1, 50)).Items);

        await Claims.ClaimAsync(task.Id, holder);
        await Claims.ClaimAsync(task.Id, holder); // claiming one's own task again is harmless
        var refused = await Assert.ThrowsAsync<TaskClaimedException>(() => Claims.ClaimAsync(task.Id, other));
        Assert.Contains("Superviseure ASP (démo) (GES200002)", refused.Message);
        Assert.Equal("GES200002", Assert.Single((await Inbox.ListAsync(other, new TaskFilter(), 1, 50)).Items).ClaimedBy);

        // Nor act on it through the request's actions.
        var fire = await Assert.ThrowsAsync<TaskClaimedException>(() => _app.Services.GetRequiredService<SubjectActions>()
            .FireAsync("FinancingRequest", task.SubjectId, "Valider", new Dictionary<string, string?>(), other));
        Assert.Contains("GES200002", fire.Message);
    }

    [Fact]
    public async Task TwoStaffClaimingAtOnce_OneGetsTheTask()
    {
        await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[0], "RACE-1");
        var (a, b) = (StaffActors.Gestionnaire(_app), StaffActors.Superviseur(_app));
        var task = Assert.Single((await Inbox.ListAsync(a, new TaskFilter(), 1, 50)).Items);

        var results = await Task.WhenAll(Attempt(a), Attempt(b));
        Assert.Single(results, r => r);
        var held = Assert.Single((await Inbox.ListAsync(a, new TaskFilter(), 1, 50)).Items).ClaimedBy;
        Assert.Contains(held, new[] { a.Id, b.Id });

        async Task<bool> Attempt(Actor actor)
        {
            try
            {
                await Claims.ClaimAsync(task.Id, actor);
                return true;
            }
            catch (TaskClaimedException)
            {
                return false;
            }
        }
    }

    [Fact]
    public async Task TheHolderReleases_ASupervisorReleasesOrReassigns_OthersCannot()
    {
        await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[0], "RELEASE-1");
        var (staff, supervisor) = (StaffActors.Gestionnaire(_app), StaffActors.Superviseur(_app));
        var task = Assert.Single((await Inbox.ListAsync(staff, new TaskFilter(), 1, 50)).Items);

        await Claims.ClaimAsync(task.Id, supervisor);
        await Assert.ThrowsAsync<TaskClaimedException>(() => Claims.ReleaseAsync(task.Id, staff));
        await Claims.ReleaseAsync(task.Id, supervisor);
        Assert.Null(Assert.Single((await Inbox.ListAsync(staff, new TaskFilter(), 1, 50)).Items).ClaimedBy);

        await Claims.ClaimAsync(task.Id, staff);
        await Claims.ReleaseAsync(task.Id, supervisor);
        Assert.Null(Assert.Single((await Inbox.ListAsync(staff, new TaskFilter(), 1, 50)).Items).ClaimedBy);

        var notSupervisor = await Assert.ThrowsAsync<WorkflowException>(() => Claims.ReassignAsync(task.Id, supervisor.Id, staff));
        Assert.Contains("superviseur", notSupervisor.Message);
        await Claims.ReassignAsync(task.Id, staff.Id, supervisor);
        Assert.Equal(staff.Id, Assert.Single((await Inbox.ListAsync(staff, new TaskFilter { Assignment = TaskAssignment.Mine }, 1, 50)).Items).ClaimedBy);
        var unknown = await Assert.ThrowsAsync<WorkflowException>(() => Claims.ReassignAsync(task.Id, _app.Demo.Suppliers[0].Uid, supervisor));
        Assert.Contains("n'est pas un compte pouvant traiter", unknown.Message);
    }

    [Fact]
    public async Task ActingThroughTheActions_CompletesTheTaskWithItsOutcome()
    {
        var request = await StaffActors.DepositAsync(_app, _app.Demo.Suppliers[0], "OUTCOME-1");
        var staff = StaffActors.Gestionnaire(_app);
        var task = Assert.Single((await Inbox.ListAsync(staff, new TaskFilter(), 1, 50)).Items);
        await Claims.ClaimAsync(task.Id, staff);

        await _app.Services.GetRequiredService<RequestActions>().FireAsync(request.Id, "Valider", new Dictionary<string, string?>(), staff);

        var next = Assert.Single((await Inbox.ListAsync(staff, new TaskFilter(), 1, 50)).Items);
        Assert.Equal(("DecisionDemande", "Validée"), (next.Code, next.StateLabel));
        await using var db = _app.Services.GetRequiredService<Segur.Workflows.Persistence.SegurDatabase>().CreateContext();
        var done = db.StaffTasks.Single(t => t.Id == task.Id);
        Assert.Equal((StaffTaskStatus.Completed, "Valider", staff.Id), (done.Status, done.Outcome, done.CompletedBy));
    }
}

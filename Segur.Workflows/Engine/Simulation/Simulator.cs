using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Definitions;
using Segur.Workflows.Engine.Mail;
using Segur.Workflows.Engine.Outbox;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Versions;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Engine.Simulation;

/// <summary>
/// Runs a definition (a published version or the open draft) over a real or sample subject with no side effect at all:
/// the fire path itself (<see cref="FireSession"/>) resolves each trigger, evaluates guards and runs the activities in
/// simulation mode on an in-memory copy of the subject, read through a context that cannot write; the instance, journal,
/// outbox, timer and task rows it would write are never sent, the e-mails it would send are returned rendered.
/// </summary>
public sealed class Simulator(
    SegurDatabase database, DefinitionCatalog catalog, DefinitionDrafts drafts, SubjectSources subjects,
    SubjectReferences references, WorkflowRuntime runtime, TimeProvider clock)
{
    private static readonly string[] s_roleOrder = ["Fournisseur", "Gestionnaire", "Analyste", "Administrateur", Actor.SystemRole];

    public async Task<SimulationResult> RunAsync(SimulationRequest request, CancellationToken ct = default)
    {
        var (definition, versionLabel) = await DefinitionAsync(request, ct);
        await using var readOnly = await ReadOnlyDatabase.OpenAsync(database, ct);
        var db = readOnly.Db;
        var now = clock.GetUtcNow().UtcDateTime;
        var (row, subject, subjectLabel) = await SubjectAsync(db, definition, versionLabel, request, ct);
        var start = row.State;

        var steps = new List<SimulatedStep>();
        foreach (var step in request.Steps)
        {
            var from = definition.State(row.State);
            var before = Facts(subject);
            var input = step.Input?.ToDictionary(p => p.Key, p => (object?)p.Value);
            var session = new FireSession(runtime, db, new EngineSql(db), definition, row, subject, ActorFor(step.Role, subject), input, now,
                isDryRun: true, isSimulation: true);
            try
            {
                var result = await session.FireAsync(session.Resolve(step.Trigger), ct);
                steps.Add(new SimulatedStep(step.Trigger, step.Role, from.Code, from.Label, result.ToState, result.ToStateLabel,
                    result.Reports, Emails(session.Messages), Changes(before, Facts(subject)), OtherMessages(session.Messages), null));
                row = row with { State = result.ToState, Version = result.Version };
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                steps.Add(new SimulatedStep(step.Trigger, step.Role, from.Code, from.Label, from.Code, from.Label,
                    session.Reports.ToList(), [], [], [], ex.Message));
                break;
            }
        }

        var state = definition.State(row.State);
        var roles = RolesOf(definition).Select(role => Options(definition, db, row, subject, role, now)).ToList();
        return new SimulationResult(definition.Id, versionLabel, subjectLabel, start, state.Code, state.Label, state.Definition.Final,
            steps, roles, Facts(subject).Select(f => new ValueRead(f.Key, f.Value)).ToList());
    }

    /// <summary>The roles that fire something in the definition, in a stable, readable order.</summary>
    public static IReadOnlyList<string> RolesOf(CompiledDefinition definition) => definition.Model.Transitions
        .SelectMany(t => t.Roles).Distinct()
        .OrderBy(r => Array.IndexOf(s_roleOrder, r) is var i and >= 0 ? i : s_roleOrder.Length).ThenBy(r => r, StringComparer.Ordinal)
        .ToList();

    internal RoleOptions Options(CompiledDefinition definition, SegurDbContext db, InstanceRow row, Subject subject, string role, DateTime now)
    {
        var session = new FireSession(runtime, db, new EngineSql(db), definition, row, subject, ActorFor(role, subject), null, now,
            isDryRun: true, isSimulation: true);
        var options = definition.TransitionsFrom(row.State).Select(t => new TriggerOption(
            t.Trigger, t.Definition.Label ?? t.Trigger, t.To, definition.State(t.To).Label, t.AllowsAnyOf([role]),
            GuardExplainer.Explain(t.Guard, session.Scope), t.Definition.Fields,
            t.Activities.Select(a => a.Activity.Descriptor.Name).ToList())).ToList();
        return new RoleOptions(role, options);
    }

    internal static Actor ActorFor(string role, Subject subject)
    {
        // A supplier acts on its own subjects: guards comparing actor.supplierId with the subject's supplier see the same value.
        var supplier = role == "Fournisseur" ? subject.Entity?.GetType().GetProperty("SupplierId")?.GetValue(subject.Entity)?.ToString() : null;
        return new Actor("SIMULATION", [role], supplier);
    }

    internal async Task<(CompiledDefinition Definition, string Label)> DefinitionAsync(SimulationRequest request, CancellationToken ct)
    {
        if (request.Draft)
        {
            var draft = await drafts.GetAsync(request.DefinitionId, ct)
                ?? throw new WorkflowException($"Aucun brouillon n'est ouvert pour « {request.DefinitionId} » : rien à simuler.");
            return (Compile(draft.Json, 0, "le brouillon"), "brouillon");
        }

        if (request.Version is { } version)
        {
            var json = await catalog.GetJsonAsync(request.DefinitionId, version, ct)
                ?? throw new WorkflowException($"La version {version} de « {request.DefinitionId} » n'existe pas.");
            return (Compile(json, version, $"la version {version}"), $"v{version}");
        }

        var current = await catalog.LatestPublishedVersionAsync(request.DefinitionId, ct)
            ?? throw new WorkflowException($"« {request.DefinitionId} » n'a aucune version publiée.");
        return (await catalog.GetAsync(request.DefinitionId, current, ct), $"v{current}");
    }

    private CompiledDefinition Compile(string json, int version, string what)
    {
        var problems = catalog.Compiler.TryCompile(json, version, out var compiled);
        if (compiled is null || problems.Count > 0)
        {
            throw new WorkflowException($"{char.ToUpperInvariant(what[0])}{what[1..]} a {problems.Count} problème(s) à corriger avant de simuler : " +
                string.Join(" ; ", problems.Take(3).Select(p => $"{p.Path} : {p.Message}")) + (problems.Count > 3 ? " ; …" : "") + ".");
        }

        return compiled;
    }

    private async Task<(InstanceRow Row, Subject Subject, string Label)> SubjectAsync(
        SegurDbContext db, CompiledDefinition definition, string versionLabel, SimulationRequest request, CancellationToken ct)
    {
        var subjectType = definition.Model.SubjectType;
        string StartIn(string current)
        {
            var state = string.IsNullOrWhiteSpace(request.StartState) ? current : request.StartState.Trim();
            return definition.HasState(state) ? state : throw new WorkflowException(
                $"L'état « {state} » n'existe pas dans {versionLabel} de « {definition.Id} » : choisissez un état de départ parmi " +
                string.Join(", ", definition.Model.States.Select(s => s.Code)) + ".");
        }

        if (string.IsNullOrWhiteSpace(request.Subject))
        {
            var sample = SampleSubjects.Subject(subjectType);
            var row = new InstanceRow(Guid.Empty, definition.Id, definition.Version, subjectType, "exemple", StartIn(definition.Model.InitialState), 1);
            return (row, sample, $"exemple fictif ({subjectType})");
        }

        var subjectId = await references.FindAsync(db, subjectType, request.Subject, ct)
            ?? throw new WorkflowException($"Aucun dossier « {request.Subject.Trim()} » ({subjectType}) : donnez son numéro (par exemple le numéro ASP) ou son identifiant.");
        var instance = await db.WorkflowInstances.AsNoTracking()
            .Where(i => i.DefinitionId == definition.Id && i.SubjectId == subjectId)
            .OrderByDescending(i => i.CreatedAt)
            .FirstOrDefaultAsync(ct);
        var subject = await subjects.LoadAsync(db, subjectType, subjectId, ct);
        var names = await references.NamesAsync(db, subjectType, [subjectId], ct);
        var label = names.GetValueOrDefault(subjectId, subjectId);
        var real = instance is null
            ? new InstanceRow(Guid.Empty, definition.Id, definition.Version, subjectType, subjectId, StartIn(definition.Model.InitialState), 1)
            : new InstanceRow(instance.Id, definition.Id, definition.Version, subjectType, subjectId, StartIn(instance.State), instance.Version);
        return (real, subject, instance is null ? $"{label} (sans dossier en cours : part de l'état initial)" : label);
    }

    internal static Dictionary<string, string> Facts(Subject subject) =>
        subject.Facts.ToDictionary(f => f.Key, f => GuardExplainer.Format(f.Value));

    private static List<FactChange> Changes(Dictionary<string, string> before, Dictionary<string, string> after) =>
        after.Where(a => !before.TryGetValue(a.Key, out var old) || old != a.Value)
            .Select(a => new FactChange(a.Key, before.GetValueOrDefault(a.Key), a.Value))
            .ToList();

    private static List<SimulatedEmail> Emails(IEnumerable<object> messages) =>
        messages.OfType<EmailRequested>().Select(e => new SimulatedEmail(e.To, e.Subject, e.Body)).ToList();

    private static List<string> OtherMessages(IEnumerable<object> messages) => messages
        .Where(m => m is not (EmailRequested or WorkflowTransitioned))
        .Select(m => m is WorkflowEventPublished e ? $"événement « {e.Name} »" : m.GetType().Name)
        .ToList();
}

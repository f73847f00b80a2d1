using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Segur.Workflows.Engine.Instances;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Engine.Simulation;
using Segur.Workflows.Engine.Versions;

namespace Segur.Host.Api;

/// <summary>One step of a simulated path: a trigger fired as a role, with the values of its fields.</summary>
public sealed record SimulationStepBody(string Trigger, string Role, Dictionary<string, string?>? Valeurs);

/// <summary>
/// A simulation: <c>version</c> (a number) or <c>brouillon</c> (true), else the version in service; <c>dossier</c> (the
/// numéro ASP or the id of a real subject; absent: a sample); <c>etatDepart</c> (else the subject's current state).
/// </summary>
public sealed record SimulationBody(int? Version, bool Brouillon, string? Dossier, string? EtatDepart, List<SimulationStepBody>? Etapes);

/// <summary>A migration: from a version to another, each removed state mapped to a state of the target; <c>dossiers</c> = the previewed ids.</summary>
public sealed record MigrationBody(int De, int Vers, Dictionary<string, string>? Correspondances, List<Guid>? Dossiers);

public sealed record MigrationPreview(MigrationAdvice Conseil, IReadOnlyList<MigrationLine> Dossiers);

public sealed record MigrationDone(int Deplaces);

/// <summary>The Studio API's simulation, what-if, instances and migration (/api/v1/studio), on the services the pages use.</summary>
public static class StudioRunApi
{
    public static RouteGroupBuilder MapStudioRunApi(this RouteGroupBuilder api)
    {
        api.MapPost("/definitions/{id}/simulate", Simulate)
            .WithSummary("Simule une version ou le brouillon sur un dossier réel ou un exemple, sans aucun effet : actions par rôle, conditions expliquées, étapes");
        api.MapGet("/definitions/{id}/draft/what-if", WhatIf)
            .WithSummary("Les dossiers en cours dont les montants ou les actions possibles changeraient avec le brouillon, avant et après");
        api.MapGet("/definitions/{id}/instances", ListInstances).WithSummary("Les dossiers d'une définition (filtres : version, etat)");
        api.MapGet("/instances/{instanceId:guid}", GetInstance).WithSummary("Un dossier : journal, tâches et minuteries en attente, incidents");
        api.MapPost("/instances/{instanceId:guid}/incidents/{incidentId:guid}/retry", RetryIncident).WithSummary("Relance un incident du dossier");
        api.MapGet("/definitions/{id}/migration", Advise).WithSummary("Les états en usage d'une version et ceux que la version cible retire (de, vers)");
        api.MapPost("/definitions/{id}/migration/preview", Preview).WithSummary("Aperçu : les dossiers qui changeraient de version et d'état");
        api.MapPost("/definitions/{id}/migration", Migrate)
            .WithSummary("Déplace les dossiers de l'aperçu en une étape journalisée qui entre dans le nouvel état (refusée si un état retiré n'a pas de correspondance)");
        return api;
    }

    public static async Task<Results<Ok<SimulationResult>, ProblemHttpResult>> Simulate(Simulator simulator, string id, SimulationBody body, CancellationToken ct)
    {
        var steps = (body.Etapes ?? []).Select((s, i) => string.IsNullOrWhiteSpace(s.Trigger) || string.IsNullOrWhiteSpace(s.Role)
            ? throw new BadHttpRequestException($"L'étape {i + 1} doit nommer son action (trigger) et son rôle (role).")
            : new SimulationStep(s.Trigger, s.Role, s.Valeurs)).ToList();
        try
        {
            return TypedResults.Ok(await simulator.RunAsync(new SimulationRequest(id, body.Version, body.Brouillon, body.Dossier, body.EtatDepart, steps), ct));
        }
        catch (WorkflowException ex)
        {
            return Refused("Simulation impossible", ex);
        }
    }

    public static async Task<Results<Ok<WhatIfReport>, ProblemHttpResult>> WhatIf(WhatIfAnalysis analysis, string id, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await analysis.CompareDraftAsync(id, ct));
        }
        catch (WorkflowException ex)
        {
            return Refused("Comparaison impossible", ex);
        }
    }

    public static async Task<Ok<IReadOnlyList<InstanceListItem>>> ListInstances(InstanceQueries queries, string id, int? version, string? etat, CancellationToken ct) =>
        TypedResults.Ok(await queries.ListAsync(id, version, etat, ct));

    public static async Task<Results<Ok<InstanceDetail>, NotFound>> GetInstance(InstanceQueries queries, Guid instanceId, CancellationToken ct) =>
        await queries.DetailAsync(instanceId, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.NotFound();

    public static async Task<Results<Ok<FireResult>, ProblemHttpResult, NotFound>> RetryIncident(
        WorkflowRuntime runtime, InstanceQueries queries, Guid instanceId, Guid incidentId, CancellationToken ct)
    {
        if ((await queries.DetailAsync(instanceId, ct))?.Incidents.Any(i => i.Id == incidentId) != true)
        {
            return TypedResults.NotFound();
        }

        try
        {
            return TypedResults.Ok(await runtime.RetryIncidentAsync(incidentId, ct));
        }
        catch (WorkflowIncidentException ex)
        {
            return TypedResults.Problem(title: "La relance a de nouveau échoué", detail: ex.Message, statusCode: StatusCodes.Status409Conflict);
        }
        catch (WorkflowException ex)
        {
            return Refused("Relance impossible", ex);
        }
    }

    public static async Task<Results<Ok<MigrationAdvice>, ProblemHttpResult>> Advise(MigrationAdvisor advisor, string id, int de, int vers, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(await advisor.AdviseAsync(id, de, vers, ct));
        }
        catch (WorkflowException ex)
        {
            return Refused("Migration impossible", ex);
        }
    }

    public static async Task<Results<Ok<MigrationPreview>, ProblemHttpResult>> Preview(
        MigrationAdvisor advisor, InstanceMigrator migrator, string id, MigrationBody body, CancellationToken ct)
    {
        try
        {
            var advice = await advisor.AdviseAsync(id, body.De, body.Vers, ct);
            var lines = await migrator.PreviewAsync(Plan(id, body), ct);
            return TypedResults.Ok(new MigrationPreview(advice, lines));
        }
        catch (WorkflowException ex)
        {
            return Refused("Migration impossible", ex);
        }
    }

    public static async Task<Results<Ok<MigrationDone>, ProblemHttpResult>> Migrate(
        InstanceMigrator migrator, ClaimsPrincipal user, string id, MigrationBody body, CancellationToken ct)
    {
        try
        {
            var actor = new Actor(user.Identity!.Name!, [Segur.Workflows.Accounts.Roles.Analyste]);
            return TypedResults.Ok(new MigrationDone(await migrator.MigrateAsync(Plan(id, body) with { Previewed = body.Dossiers }, actor, ct)));
        }
        catch (WorkflowException ex)
        {
            return Refused("Migration refusée", ex);
        }
    }

    private static MigrationPlan Plan(string id, MigrationBody body) =>
        new(id, body.De, body.Vers, (body.Correspondances ?? []).Where(m => !string.IsNullOrWhiteSpace(m.Value)).ToDictionary(m => m.Key, m => m.Value));

    private static ProblemHttpResult Refused(string title, WorkflowException ex) =>
        TypedResults.Problem(title: title, detail: ex.Message, statusCode: StatusCodes.Status422UnprocessableEntity);
}

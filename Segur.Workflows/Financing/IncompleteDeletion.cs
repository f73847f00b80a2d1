using Microsoft.EntityFrameworkCore;
using Segur.Workflows.Engine.Runtime;
using Segur.Workflows.Persistence;

namespace Segur.Workflows.Financing;

/// <summary>Why a deletion of several incomplete requests did nothing; the message is for the supplier, in French.</summary>
public sealed class IncompleteDeletionRefusedException(string message) : Exception(message);

/// <summary>
/// Deletes several incomplete requests of a supplier at once: each is fired "Supprimer" (the lifecycle says which may be
/// deleted: avances only), all in one write. One refusal undoes them all and says which request and why: the supplier
/// confirmed one list, and gets that list deleted or nothing.
/// </summary>
public sealed class IncompleteDeletion(SegurDatabase database, DatabaseWriter writer, WorkflowRuntime runtime)
{
    public async Task<int> DeleteAsync(Actor supplier, Guid supplierId, IReadOnlyCollection<string> numerosAsp, CancellationToken ct = default)
    {
        var wanted = numerosAsp.Select(n => n.Trim()).Where(n => n.Length > 0).Distinct().ToList();
        if (wanted.Count == 0)
        {
            throw new IncompleteDeletionRefusedException("Aucune demande n'est cochée : cochez les demandes d'avance à supprimer.");
        }

        List<(string NumeroAsp, string NumeroEditeur, Guid Instance)> targets;
        await using (var db = database.CreateContext())
        {
            var requests = await TickedQuery(db, supplierId, [.. wanted]).ToListAsync(ct);
            var unknown = wanted.Except(requests.Select(r => r.NumeroAsp)).ToList();
            if (unknown.Count > 0)
            {
                // Another supplier's request, or one completed or deleted meanwhile: said the same way (nothing leaks).
                throw new IncompleteDeletionRefusedException(
                    $"Aucune demande n'a été supprimée : {string.Join(", ", unknown)} ne {(unknown.Count == 1 ? "fait" : "font")} pas partie de vos demandes non complétées " +
                    "(elle a peut-être été complétée ou supprimée entre-temps).");
            }

            var subjectIds = requests.Select(r => r.Id.ToString()).ToList();
            var instances = await db.WorkflowInstances.AsNoTracking()
                .Where(i => i.SubjectType == FinancingStates.SubjectType && i.DefinitionId == FinancingStates.DefinitionId && subjectIds.Contains(i.SubjectId))
                .ToDictionaryAsync(i => i.SubjectId, i => i.Id, ct);
            // Every imported request starts its lifecycle in the import's write; one without would be an anomaly, said
            // rather than skipped (the supplier would otherwise see fewer deletions than ticked, with no reason).
            if (requests.FirstOrDefault(r => !instances.ContainsKey(r.Id.ToString())) is { } orphan)
            {
                throw new IncompleteDeletionRefusedException(
                    $"Aucune demande n'a été supprimée : la demande {orphan.NumeroEditeur} (n° ASP {orphan.NumeroAsp}) est dans un état anormal " +
                    "et ne peut pas être supprimée ; signalez-la au support en indiquant son n° ASP.");
            }

            targets = [.. requests.Select(r => (r.NumeroAsp, r.NumeroEditeur, instances[r.Id.ToString()]))];
        }

        await writer.WriteAsync(async scope =>
        {
            foreach (var target in targets)
            {
                try
                {
                    await runtime.FireInWriteAsync(scope, new FireRequest(target.Instance, FinancingTriggers.Supprimer, supplier));
                }
                catch (TriggerNotPermittedException)
                {
                    throw new IncompleteDeletionRefusedException(
                        $"Aucune demande n'a été supprimée : la demande {target.NumeroEditeur} (n° ASP {target.NumeroAsp}) ne peut pas l'être, " +
                        "seules les demandes d'avance non complétées peuvent être supprimées.");
                }
            }
        }, ct);
        runtime.NotifyOutbox();
        return targets.Count;
    }

    /// <summary>
    /// The supplier's incomplete requests among <paramref name="numerosAsp"/>. On PostgreSQL each numéro is sought as a range
    /// of one value, which only the numéro's unique index serves: once auto-prepared, the generic plan of <c>"NumeroAsp" =
    /// ANY(…)</c> went through the numéro's trigram index (decision 0252), whose cost the planner underrates (decisions 0226, 0243).
    /// </summary>
    internal static IQueryable<TickedRequest> TickedQuery(SegurDbContext db, Guid supplierId, string[] numerosAsp) =>
        db is PostgreSqlSegurDbContext
            ? db.Database.SqlQuery<TickedRequest>($"""
                SELECT r."Id", r."NumeroAsp", r."NumeroEditeur"
                FROM unnest({numerosAsp}::text[]) AS n("NumeroAsp")
                CROSS JOIN LATERAL (
                    -- planned alone (LIMIT keeps it a subquery), per numéro: a range of one value, which only the unique
                    -- index serves (the planner would answer an equality through the trigram index); the supplier and the
                    -- status are checked outside, where no statistics can make the supplier's index look better (0255)
                    SELECT f."Id", f."NumeroAsp", f."NumeroEditeur", f."SupplierId", f."DeletedAt", f."Status" FROM "FinancingRequests" AS f
                    WHERE f."NumeroAsp" >= n."NumeroAsp" AND f."NumeroAsp" <= n."NumeroAsp"
                    LIMIT 1) AS r
                WHERE r."SupplierId" = {supplierId} AND r."DeletedAt" IS NULL AND r."Status" = {FinancingStates.NonCompletee}
                """)
            : db.FinancingRequests.AsNoTracking()
                .Where(r => r.SupplierId == supplierId && r.DeletedAt == null && r.Status == FinancingStates.NonCompletee && numerosAsp.Contains(r.NumeroAsp))
                .Select(r => new TickedRequest { Id = r.Id, NumeroAsp = r.NumeroAsp, NumeroEditeur = r.NumeroEditeur });

    /// <summary>A row of <see cref="TickedQuery"/>.</summary>
    internal sealed class TickedRequest
    {
        public required Guid Id { get; init; }
        public required string NumeroAsp { get; init; }
        public required string NumeroEditeur { get; init; }
    }
}

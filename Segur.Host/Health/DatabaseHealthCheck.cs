using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Segur.Workflows.Persistence;

namespace Segur.Host.Health;

/// <summary>Ready when the database answers and holds the published definitions.</summary>
internal sealed class DatabaseHealthCheck(SegurDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = database.CreateContext();
            var definitions = await db.WorkflowDefinitions.CountAsync(cancellationToken);
            return definitions > 0
                ? HealthCheckResult.Healthy($"{definitions} versions de définitions")
                : HealthCheckResult.Unhealthy("Aucune définition de workflow n'est chargée.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("La base de données ne répond pas.", ex);
        }
    }
}

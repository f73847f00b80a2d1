using Segur.Workflows.Persistence;

namespace Segur.Host.Operations;

/// <summary>
/// A request that finds the database unreachable (stopped, locked, connection refused) gets a clear 503 in French with
/// Retry-After, not a 500: nothing was written (every write is one transaction), and the next request, once the
/// database is back, works again (connections are opened per request).
/// </summary>
internal sealed class DatabaseUnavailable(RequestDelegate next, ILogger<DatabaseUnavailable> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (TransientFaults.IsUnavailable(ex) && !context.Response.HasStarted)
        {
            logger.LogError(ex, "Database unavailable for {Path}", context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "30";
            await Results.Problem(
                title: "Service momentanément indisponible",
                detail: "La base de données ne répond pas : rien n'a été enregistré. Réessayez dans quelques instants.",
                statusCode: StatusCodes.Status503ServiceUnavailable).ExecuteAsync(context);
        }
    }
}

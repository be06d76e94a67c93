using Npgsql;
using SdsLedger.Api.Hosting;

namespace SdsLedger.Api.Endpoints;

/// <summary>/health/live: the process answers. /health/ready: it can reach the database.</summary>
internal static class HealthEndpoints
{
    public static void Map(WebApplication app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        health.MapGet("/live", () => TypedResults.Ok(new { status = "live" })).Produces(StatusCodes.Status200OK).WithSummary("The process is up.");
        health.MapGet("/ready", async (HttpContext http, ApiSettings settings, ILoggerFactory logs, CancellationToken ct) =>
            {
                try
                {
                    await using var conn = await settings.DataSource.OpenConnectionAsync(ct);
                    await using var cmd = new NpgsqlCommand("SELECT 1", conn);
                    await cmd.ExecuteScalarAsync(ct);
                    return Results.Ok(new { status = "ready" });
                }
                catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or IOException
                                          || Http.DatabaseOutage.IsOutage(e))
                {
                    logs.CreateLogger("SdsLedger.Api.Health").LogWarning(e, "The database is not reachable");
                    http.Response.Headers.RetryAfter = Http.DatabaseOutage.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready",
                        detail: "The database cannot be reached.");
                }
            })
            .Produces(StatusCodes.Status200OK).ProducesProblem(StatusCodes.Status503ServiceUnavailable).WithSummary("The database answers.");
    }
}

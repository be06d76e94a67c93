using Npgsql;
using SdsLedger.Api.Hosting;

namespace SdsLedger.Api.Endpoints;

/// <summary>/health/live: the process answers. /health/ready: it can reach the database.</summary>
internal static class HealthEndpoints
{
    public static void Map(WebApplication app)
    {
        var health = app.MapGroup("/health").WithTags("Health").AllowAnonymous();
        health.MapGet("/live", () => TypedResults.Ok(new { status = "live" })).WithSummary("The process is up.");
        health.MapGet("/ready", async (ApiSettings settings, ILoggerFactory logs, CancellationToken ct) =>
            {
                try
                {
                    await using var conn = await settings.DataSource.OpenConnectionAsync(ct);
                    await using var cmd = new NpgsqlCommand("SELECT 1", conn);
                    await cmd.ExecuteScalarAsync(ct);
                    return Results.Ok(new { status = "ready" });
                }
                catch (NpgsqlException e)
                {
                    logs.CreateLogger("SdsLedger.Api.Health").LogWarning(e, "The database is not reachable");
                    return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready",
                        detail: "The database cannot be reached.");
                }
            })
            .WithSummary("The database answers.");
    }
}

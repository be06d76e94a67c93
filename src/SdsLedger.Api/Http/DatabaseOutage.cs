using Microsoft.AspNetCore.Diagnostics;
using SdsLedger.Ledger;

namespace SdsLedger.Api.Http;

/// <summary>
/// The database is away (refused, dropped, restarting, failing over) after the pipeline's retries: a 503 with
/// Retry-After, so a client retries the same request (with the same Idempotency-Key, which cannot apply it twice)
/// rather than treating it as a fault of the API. Nothing is half-written: each message is one transaction.
/// </summary>
internal sealed class DatabaseOutage(ILogger<DatabaseOutage> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (!IsOutage(exception)) return false;
        logger.LogWarning(exception, "The database is not reachable; answered 503");
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The ledger is unavailable for a moment",
            detail: $"The database cannot be reached. Nothing of this request was recorded; send it again (with the same Idempotency-Key) in {RetryAfterSeconds} seconds.",
            extensions: new Dictionary<string, object?> { ["traceId"] = http.TraceIdentifier }).ExecuteAsync(http);
        return true;
    }

    public static bool IsOutage(Exception? e)
    {
        // A request the server could not read is an IOException too, but it is the client's (a 400 or 413), not the database's.
        if (e is BadHttpRequestException) return false;
        for (; e is not null; e = e.InnerException)
            if (Transient.IsOutage(e)) return true;
        return false;
    }
}

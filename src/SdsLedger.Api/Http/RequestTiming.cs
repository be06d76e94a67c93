using System.Diagnostics;

namespace SdsLedger.Api.Http;

/// <summary>One structured log line per request: method, route (not the raw path), status, and how long it took.</summary>
internal sealed class RequestTiming(RequestDelegate next, ILogger<RequestTiming> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                logger.LogInformation("HTTP {Method} {Route} answered {Status} in {ElapsedMs} ms",
                    http.Request.Method, route, http.Response.StatusCode, Math.Round(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1));
            }
        }
    }
}

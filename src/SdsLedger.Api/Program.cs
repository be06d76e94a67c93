using Microsoft.AspNetCore.Diagnostics;
using Scalar.AspNetCore;
using SdsLedger;
using SdsLedger.Api.Endpoints;
using SdsLedger.Api.Hosting;
using SdsLedger.Api.Http;

var builder = WebApplication.CreateBuilder(args);
builder.WebHost.ConfigureKestrel(k =>
{
    k.AddServerHeader = false;
    k.Limits.MaxRequestBodySize = 1024 * 1024;
});
builder.Services.AddSingleton<ApiSettings>();
builder.Services.AddSdsLedger(sp => sp.GetRequiredService<ApiSettings>().DataSource);
builder.Services.AddSingleton(sp => sp.GetRequiredService<ApiSettings>().TenantSeal);
builder.Services.AddSingleton(sp => SdsLedgerApp.Over(sp));
builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
builder.Logging.SetMinimumLevel(LogLevel.Information);
// One structured line per request comes from RequestTiming; the framework's own per-request Information lines
// (request starting/finished, endpoint matched, ...) would add several more console writes per request.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
{
    // Never a stack trace or exception text in a response; the log has them, with this trace id.
    c.ProblemDetails.Extensions.Remove("exception");
    c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
});
builder.Services.AddApiAuthentication();
builder.Services.AddSingleton<RegisteredCallers>();
builder.Services.AddExceptionHandler<DatabaseOutage>();
builder.Services.AddApiDocument();
// Only for the API document: bodies are read by JsonBody's own strict options, so amounts are integers there too, never strings.
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict);

var app = builder.Build();
var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("SdsLedger.Api");
await app.Services.GetRequiredService<ApiSettings>().PrepareAsync(app.Configuration, log);

app.UseExceptionHandler(new ExceptionHandlerOptions
{
    // A request the server could not read (too large, cut off) is the client's problem, not a 500.
    StatusCodeSelector = e => e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseMiddleware<RequestTiming>();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
app.MapScalarApiReference("/docs", o => o.WithTitle("SdsLedger API").WithOpenApiRoutePattern("/openapi/{documentName}.json")).AllowAnonymous();
HealthEndpoints.Map(app);

var api = app.MapGroup("/api").RequireCaller();
api.MapGet("/me", (HttpContext http) =>
    {
        var c = http.Caller();
        return Send.Json(new { c.Subject, c.Actor.Name, role = c.Actor.RoleText, councilId = c.Actor.CouncilId, organisationId = c.Actor.OrganisationId, personId = c.Actor.PersonId });
    })
    .Produces(StatusCodes.Status200OK).WithTags("Caller").WithSummary("Who the token says you are.");
BudgetEndpoints.Map(api);
SpendingEndpoints.Map(api);
ReportEndpoints.Map(api);
BankingEndpoints.Map(api);

// A host that embeds the API (the HTTP benchmark) turns the banner off: its standard output is its own report.
if (app.Configuration.GetValue("SdsLedger:Banner", true))
    app.Lifetime.ApplicationStarted.Register(() => StartupBanner.Print(app));
await app.RunAsync();

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

using SdsLedger.Access;
using SdsLedger.Domain;
using SdsLedger.Hosting;

namespace SdsLedger.Api.Http;

/// <summary>
/// Who is calling, from their validated token, and a sender whose every message acts for the caller's tenant (their
/// council, and their organisation or themselves) and records where the request came from.
/// </summary>
internal sealed class Caller(Actor actor, string subject, SdsLedgerApp ledger)
{
    public Actor Actor { get; } = actor;
    public string Subject { get; } = subject;
    public SdsLedgerApp Ledger { get; } = ledger;
    public Guid CouncilId => Actor.CouncilId!.Value;

    /// <summary>The key the ledger stores: the caller's own namespace, so one caller's key never meets another's.</summary>
    public string IdempotencyKey(HttpContext http) =>
        $"api:{CouncilId:N}:{_subjectHash}:{http.Request.Headers[IdempotencyKeys.Header]}";

    private readonly string _subjectHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(subject)))[..16];

    public static Caller? From(HttpContext http, SdsLedgerApp app) => From(http.User, http, app);

    public static Caller? From(System.Security.Claims.ClaimsPrincipal user, HttpContext http, SdsLedgerApp app)
    {
        if (ApiTokens.ActorOf(user) is not var (actor, subject)) return null;
        return new Caller(actor, subject, app.ActingFor(actor, http.Connection.RemoteIpAddress?.ToString()));
    }
}

internal static class CallerExtensions
{
    private const string Key = "sdsledger.caller";

    /// <summary>Resolves the caller once per request, for every endpoint of the API group; a token without usable claims is a 401.</summary>
    public static RouteGroupBuilder RequireCaller(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = SdsLedger.Api.Http.Caller.From(http, http.RequestServices.GetRequiredService<SdsLedgerApp>());
            if (caller is null)
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unusable token",
                    detail: "The token is valid but does not name a role, a council, and (for a provider or service user) whose they are.");
            http.Items[Key] = caller;
            return await next(context);
        });
        return group;
    }

    public static Caller Caller(this HttpContext http) =>
        http.Items[Key] as SdsLedger.Api.Http.Caller ?? throw new InvalidOperationException("This endpoint is not in the API group that resolves the caller.");
}

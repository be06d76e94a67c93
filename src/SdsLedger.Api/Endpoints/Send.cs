using Mediator;
using SdsLedger.Api.Http;
using SdsLedger.Pipeline;

using IResult = Microsoft.AspNetCore.Http.IResult;

namespace SdsLedger.Api.Endpoints;

/// <summary>The shape every endpoint has: read the body, make the command or query, send it as the caller, answer.</summary>
internal static class Send
{
    /// <summary>A POST: the body is read strictly, the command carries the caller's namespaced idempotency key.</summary>
    public static async Task<IResult> Command<TBody, T>(HttpContext http, Func<Caller, string, TBody, ICommand<Result<T>>> command,
                                                        Func<T, IResult> ok) where TBody : class
    {
        var (body, problem) = await JsonBody.ReadAsync<TBody>(http.Request, http.RequestAborted);
        if (problem is not null) return problem;
        var caller = http.Caller();
        var result = await caller.Ledger.SendAsync(command(caller, caller.IdempotencyKey(http), body!), http.RequestAborted);
        return Answers.From(result, ok);
    }

    /// <summary>A POST with no body.</summary>
    public static async Task<IResult> Command<T>(HttpContext http, Func<Caller, string, ICommand<Result<T>>> command, Func<T, IResult> ok)
    {
        var caller = http.Caller();
        var result = await caller.Ledger.SendAsync(command(caller, caller.IdempotencyKey(http)), http.RequestAborted);
        return Answers.From(result, ok);
    }

    public static async Task<IResult> Query<T>(HttpContext http, Func<Caller, IQuery<Result<T>>> query)
    {
        var caller = http.Caller();
        var result = await caller.Ledger.SendAsync(query(caller), http.RequestAborted);
        return Answers.From(result, Json);
    }

    public static IResult Json<T>(T value) => TypedResults.Json(value, SdsJson.Options);

    public static IResult Created<T>(string location, T value) =>
        new CreatedAt(location, TypedResults.Json(value, SdsJson.Options, statusCode: StatusCodes.Status201Created));

    /// <summary>201 with a Location header and the answer as the body.</summary>
    private sealed class CreatedAt(string location, IResult body) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return body.ExecuteAsync(httpContext);
        }
    }
}

using SdsLedger.Domain.Spending;
using SdsLedger.Pipeline;

using IResult = Microsoft.AspNetCore.Http.IResult;

namespace SdsLedger.Api.Http;

/// <summary>
/// Turns an answer into HTTP, as RFC 9457 problem details when it is not a success: invalid input 400 with each field,
/// not found or not yours 404 (never 403, which would say it exists), a role that may not do this 403, an idempotency
/// key reused for another request 409, and any other refusal 422 with the rule's code and its plain-English reason.
/// </summary>
internal static class Answers
{
    public const string ProblemBase = "https://sdsledger.example/problems/";

    public static IResult From<T>(Result<T> result, Func<T, IResult> ok)
    {
        if (result.Succeeded) return ok(result.Value!);
        if (result.Refusal is { } refusal) return Refused(refusal);
        return BadRequest(result.Errors
            .GroupBy(e => FieldName(e.Field))
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
    }

    public static IResult Refused(Refusal refusal)
    {
        var (status, title) = refusal.Code switch
        {
            RefusalCodes.UnknownActor => (StatusCodes.Status401Unauthorized, "Unknown caller"),
            RefusalCodes.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            RefusalCodes.NotAuthorised => (StatusCodes.Status403Forbidden, "Not allowed for your role"),
            RefusalCodes.ReasonNeeded => (StatusCodes.Status403Forbidden, "A reason is needed to open this record"),
            RefusalCodes.IdempotencyConflict => (StatusCodes.Status409Conflict, "Idempotency key already used"),
            _ => (StatusCodes.Status422UnprocessableEntity, "Refused by a spending rule"),
        };
        return TypedResults.Problem(detail: refusal.Reason, statusCode: status, title: title, type: ProblemBase + refusal.Code,
            extensions: new Dictionary<string, object?> { ["code"] = refusal.Code });
    }

    public static IResult BadRequest(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The request has invalid fields", type: ProblemBase + "invalid-input");

    public static IResult BadRequest(string field, string message) =>
        BadRequest(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult NotFound(string what) =>
        Refused(new Refusal(RefusalCodes.NotFound, $"{what} was not found, or is not yours to see."));

    /// <summary>"Part.Amount" as the API names it: "part.amount".</summary>
    public static string FieldName(string field)
    {
        var name = string.Join('.', field.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
        // The API takes amounts as whole pence.
        return name.EndsWith("amount", StringComparison.Ordinal) ? name + "Pence" : name;
    }
}

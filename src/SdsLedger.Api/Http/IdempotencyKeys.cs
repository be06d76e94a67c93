namespace SdsLedger.Api.Http;

/// <summary>Every POST carries an Idempotency-Key header: a retry with the same key gets the first answer and writes nothing.</summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 128;

    /// <summary>A write: not for auditors (they read, never write), and it takes an Idempotency-Key header.</summary>
    public static RouteHandlerBuilder IsWrite(this RouteHandlerBuilder endpoint) =>
        endpoint.RequireAuthorization(ApiPolicies.Writer).AddEndpointFilter(async (context, next) =>
        {
            var values = context.HttpContext.Request.Headers[Header];
            var problem = values.Count switch
            {
                0 => $"Send an {Header} header: a unique value per request (a UUID will do), the same value when you retry it.",
                > 1 => $"Send one {Header} header, not {values.Count}.",
                _ when values[0] is not { Length: > 0 and <= MaxLength } key || key.Any(c => c is < '!' or > '~') =>
                    $"The {Header} header must be 1 to {MaxLength} visible ASCII characters (letters, digits, punctuation; no spaces).",
                _ => null,
            };
            return problem is null
                ? await next(context)
                : Answers.BadRequest(new Dictionary<string, string[]> { [Header] = [problem] });
        })
        .WithMetadata(new IdempotencyKeyMetadata())
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status403Forbidden)
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}

/// <summary>Marks an endpoint as taking the Idempotency-Key header, for the OpenAPI document.</summary>
internal sealed class IdempotencyKeyMetadata;

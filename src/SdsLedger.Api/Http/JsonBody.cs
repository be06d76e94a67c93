using System.Text.Json;
using System.Text.Json.Serialization;
using SdsLedger.Features.Shared;

namespace SdsLedger.Api.Http;

/// <summary>
/// Reads a request body strictly: unknown fields, missing required fields, nulls where a value is needed, wrong types,
/// fractions where whole pence are needed and bytes that are not UTF-8 are each a 400 that names the field.
/// </summary>
internal static class JsonBody
{
    public const long MaxBytes = 64 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        NumberHandling = JsonNumberHandling.Strict,
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 16,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (!(request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ?? false))
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send JSON",
                detail: "The request body must be JSON, with Content-Type: application/json."));
        if (Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var media) && media.Charset.HasValue
            && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send UTF-8 JSON",
                detail: $"The request body must be JSON in UTF-8 (Content-Type: application/json or application/json; charset=utf-8), not {media.Charset}."));
        if (request.ContentLength > MaxBytes)
            return (null, Answers.BadRequest("body", $"The request body is larger than {MaxBytes / 1024} KB."));
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, ct);
            if (value is null) return (null, Answers.BadRequest("body", "Send a JSON object, not null."));
            // Every text, date and list entry of the body, before it is turned into a command: a null entry in a list never reaches it.
            var walked = InputWalk.Check(value, request.HttpContext.RequestServices.GetRequiredService<CouncilClock>().Today);
            return walked.Count == 0 ? (value, null) : (null, Answers.BadRequest(walked
                .GroupBy(e => Answers.FieldName(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray())));
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.');
            return (null, Answers.BadRequest(field, Explain(e)));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or OverflowException
                                  or BadHttpRequestException)
        {
            return (null, Answers.BadRequest("body", "The request body could not be read as JSON (check its encoding is UTF-8 and its size)."));
        }
    }

    // The serializer's own messages name .NET types; say what to send instead, without them.
    private static string Explain(JsonException e) =>
        e.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "This field is not part of the request; remove it."
        : e.Message.Contains("missing required properties", StringComparison.Ordinal) ? "Required fields are missing: " + MissingFields(e.Message)
        : e.Message.Contains("null", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase) ? "A value is needed here, not null."
        : e.InnerException is FormatException or OverflowException || e.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? "This value is not of the right kind: amounts are whole pence (an integer), dates are YYYY-MM-DD, ids are UUIDs, options are the listed words."
        : "This is not valid JSON here (check quotes, commas and that the text is UTF-8).";

    private static string MissingFields(string message)
    {
        var at = message.IndexOf("properties:", StringComparison.Ordinal);
        return at < 0 ? "see the API document." : message[(at + "properties:".Length)..].Trim().TrimEnd('.');
    }
}

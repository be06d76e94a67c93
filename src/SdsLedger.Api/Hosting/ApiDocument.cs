using Microsoft.OpenApi;
using SdsLedger.Api.Http;

namespace SdsLedger.Api.Hosting;

/// <summary>The OpenAPI document: bearer tokens, and the Idempotency-Key header on every write.</summary>
internal static class ApiDocument
{
    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "SdsLedger API";
                document.Info.Description =
                    "Self-directed support budgets on a double-entry ledger. Amounts are whole pence; dates are YYYY-MM-DD. " +
                    "Get a local token with `sdsledger token --role ROLE --council CODE`. Errors are RFC 9457 problem details.";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "JWT",
                    Description = "A token from `sdsledger token`.",
                };
                document.Info.Contact = new OpenApiContact { Name = "SdsLedger", Url = new Uri("https://sdsledger.example/") };
                // Each operation says whether it needs a token (the health checks do not), so there is no document-wide requirement.
                document.Security = null;
                foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
                foreach (var (path, item) in document.Paths)
                    foreach (var (method, operation) in item.Operations ?? [])
                    {
                        operation.OperationId ??= OperationId(method.Method, path);
                        if (string.IsNullOrWhiteSpace(operation.Description)) operation.Description = operation.Summary;
                        if (path.StartsWith("/api", StringComparison.Ordinal))
                        {
                            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                            operation.Responses ??= [];
                            operation.Responses.TryAdd("401", new OpenApiResponse
                            {
                                Description = "No token, or one that is expired, forged, or names a council, worker or person this ledger does not know.",
                            });
                            operation.Responses.TryAdd("403", new OpenApiResponse { Description = "Your role may not do this." });
                            if (method == HttpMethod.Post || operation.Parameters?.Any(p => p.In == ParameterLocation.Query) == true)
                                operation.Responses.TryAdd("400", new OpenApiResponse { Description = "A field or parameter is invalid: each is named, with how to put it right." });
                        }
                        operation.Responses ??= [];
                        operation.Responses.TryAdd("503", new OpenApiResponse { Description = "The database is unavailable for a moment: retry after the Retry-After seconds." });
                    }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IdempotencyKeyMetadata>().Any())
                {
                    operation.Parameters ??= [];
                    operation.Parameters.Add(new OpenApiParameter
                    {
                        Name = IdempotencyKeys.Header,
                        In = ParameterLocation.Header,
                        Required = true,
                        Description = "A unique value per request (a UUID will do); send the same value to retry it. The retry gets the first answer.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKeys.MaxLength },
                    });
                }
                return Task.CompletedTask;
            });
        });

    /// <summary>"get" and "/api/people/{personId}/budgets" make "getPeopleByPersonIdBudgets": unique, as method and path are.</summary>
    private static string OperationId(string method, string path)
    {
        var words = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "api")
            .Select(p => p.StartsWith('{') ? "By" + Pascal(p.Trim('{', '}').Split(':')[0]) : Pascal(p));
        return method.ToLowerInvariant() + string.Concat(words);
    }

    private static string Pascal(string word) =>
        string.Concat(word.Split('-', '.', '_').Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}

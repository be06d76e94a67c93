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
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
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
}

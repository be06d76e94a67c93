using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.Tokens;
using SdsLedger.Access;
using SdsLedger.Api.Hosting;
using SdsLedger.Domain;

namespace SdsLedger.Api.Http;

/// <summary>JWT bearer authentication and the two policies: any caller with a token, and writers (every role but auditor).</summary>
internal static class ApiPolicies
{
    public const string Writer = "writer";

    public static IServiceCollection AddApiAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        // Configured when first used, after the settings are prepared (the key may live in the local data folder).
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<ApiSettings>((o, settings) =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Tokens.Issuer,
                ValidAudience = settings.Tokens.Audience,
                IssuerSigningKey = settings.Tokens.SecurityKey(),
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                ValidateIssuer = true,
                ValidateAudience = true,
                ValidateLifetime = true,
                ValidateIssuerSigningKey = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ClockSkew = TimeSpan.FromSeconds(30),
                NameClaimType = ApiClaims.Name,
                RoleClaimType = ApiClaims.Role,
            };
            // A signed token naming a council, worker or person the ledger does not know is refused here, before any
            // policy or endpoint runs, so it is a 401 everywhere (not a 403 on a write, nor a 400 on a bad query).
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    var http = context.HttpContext;
                    var caller = context.Principal is { } principal
                        ? Caller.From(principal, http, http.RequestServices.GetRequiredService<SdsLedgerApp>())
                        : null;
                    // A token without usable claims is answered by the API group's filter, which says what is missing.
                    if (caller is not null && !await http.RequestServices.GetRequiredService<RegisteredCallers>().IsRegisteredAsync(caller, http.RequestAborted))
                        context.Fail("The token names a council, worker or person this ledger does not know, or someone who no longer works here.");
                },
            };
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Writer, p => p.RequireAuthenticatedUser().RequireAssertion(c => IsWriter(c.User)));
        return services;
    }

    /// <summary>One role claim, spelt exactly as Roles.Text spells it (the application parses it the same way), and not auditor.</summary>
    public static bool IsWriter(System.Security.Claims.ClaimsPrincipal user)
    {
        var roles = user.FindAll(ApiClaims.Role).ToList();
        return roles.Count == 1 && Roles.TryParse(roles[0].Value, out var role) && role != Role.Auditor;
    }
}

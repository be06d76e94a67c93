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
        });
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Writer, p => p.RequireAuthenticatedUser().RequireAssertion(c => !c.User.HasClaim(ApiClaims.Role, Roles.Text(Role.Auditor))));
        return services;
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SdsLedger.Access;
using SdsLedger.Hosting;
using SdsLedger.Web.Hosting;

namespace SdsLedger.Web.SignIn;

/// <summary>
/// How staff sign in: a session cookie (HttpOnly, SameSite=Lax, Secure except on this machine's loopback, ended after 30
/// minutes without a request), issued either by the council's identity provider (OpenID Connect, when Oidc:Authority is
/// configured) or, on a local installation without one, by a one-time link from `sdsledger sign-in-link`. Every request
/// checks the session's security stamp against the worker's, so "sign out everywhere" ends every session at once.
/// Later kinds of sign-in (people by a one-time code, providers, peer workers) issue the same cookie from their own pages.
/// </summary>
internal static class StaffSignInSettings
{
    public const string CookieName = "sdsledger-session";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    public static bool OidcConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Oidc:Authority"]);

    public static IServiceCollection AddStaffSignIn(this IServiceCollection services, IConfiguration configuration, IWebHostEnvironment environment)
    {
        var oidc = OidcConfigured(configuration);
        var keys = configuration["DataProtection:KeysDirectory"];
        services.AddDataProtection().SetApplicationName("SdsLedger.Web")
            .PersistKeysToFileSystem(new DirectoryInfo(string.IsNullOrWhiteSpace(keys)
                ? Path.Combine(ServiceDatabase.LocalSecretsFor(configuration).Directory, "web-keys")
                : keys));

        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            // A request without a session goes to the sign-in page, which offers the identity provider (or says how to get a link).
            o.DefaultChallengeScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        });
        authentication.AddCookie(o =>
        {
            o.Cookie = new LoopbackAwareCookie { Name = CookieName, HttpOnly = true, SameSite = SameSiteMode.Lax, IsEssential = true };
            o.ExpireTimeSpan = IdleTimeout;
            o.SlidingExpiration = true;
            o.LoginPath = "/sign-in";
            o.LogoutPath = "/sign-out";
            o.AccessDeniedPath = "/not-allowed";
            o.ReturnUrlParameter = "returnUrl";
            o.Events.OnValidatePrincipal = CheckSecurityStampAsync;
            // A person's pages send them to their own sign-in page (a code by email or text message).
            o.Events.OnRedirectToLogin = c =>
            {
                var mine = c.Request.Path.StartsWithSegments("/my", StringComparison.OrdinalIgnoreCase);
                c.Response.Redirect(mine ? "/my/sign-in" : c.RedirectUri);
                return Task.CompletedTask;
            };
        });
        if (oidc)
        {
            authentication.AddOpenIdConnect(o =>
            {
                o.Authority = configuration["Oidc:Authority"];
                o.ClientId = configuration["Oidc:ClientId"];
                o.ClientSecret = configuration["Oidc:ClientSecret"];
                o.ResponseType = OpenIdConnectResponseType.Code;
                // The answer comes back as a top-level GET, so SameSite=Lax correlation cookies reach it over plain http on loopback too.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.UsePkce = true;
                o.Scope.Clear();
                o.Scope.Add("openid");
                o.Scope.Add("profile");
                o.Scope.Add("email");
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.RequireHttpsMetadata = !environment.IsDevelopment() && !IsLoopback(o.Authority);
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.Events.OnTokenValidated = MatchWorkerAsync;
                o.Events.OnRemoteFailure = c =>
                {
                    c.HandleResponse();
                    c.Response.Redirect("/sign-in/problem");
                    return Task.CompletedTask;
                };
            });
        }
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>Matches the identity provider's person to their worker record by subject, else email; refuses anyone else.</summary>
    private static async Task MatchWorkerAsync(TokenValidatedContext context)
    {
        var subject = context.Principal?.FindFirst("sub")?.Value;
        var email = context.Principal?.FindFirst("email")?.Value;
        var settings = context.HttpContext.RequestServices.GetRequiredService<WebSettings>();
        var member = string.IsNullOrEmpty(subject) ? null : await StaffSignIn.ByIdentityAsync(settings.DataSource, subject, email, context.HttpContext.RequestAborted);
        if (member is null || !StaffClaims.MayUseWebApp(member))
        {
            context.HandleResponse();
            context.Response.Redirect(member is null ? "/sign-in/not-recognised" : "/sign-in/not-for-your-role");
            return;
        }
        context.Principal = StaffClaims.Principal(member, "oidc");
        context.Properties!.IsPersistent = false;
    }

    private static async Task CheckSecurityStampAsync(CookieValidatePrincipalContext context)
    {
        var staff = context.Principal is null ? null : Staff.From(context.Principal);
        var settings = context.HttpContext.RequestServices.GetRequiredService<WebSettings>();
        if (staff is null && context.Principal is not null && global::SdsLedger.Web.People.PersonSession.From(context.Principal) is { } person)
        {
            var people = context.HttpContext.RequestServices.GetRequiredService<PersonSignIn>();
            if (await people.SecurityStampAsync(person.PersonId, context.HttpContext.RequestAborted) == person.SecurityStamp) return;
        }
        if (staff is not null && await StaffSignIn.SecurityStampAsync(settings.DataSource, staff.WorkerId, context.HttpContext.RequestAborted) == staff.SecurityStamp)
            return;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    private static bool IsLoopback(string? authority) =>
        Uri.TryCreate(authority, UriKind.Absolute, out var uri) && uri.IsLoopback;
}

/// <summary>A cookie marked Secure unless the request came over plain http to this machine's own loopback address.</summary>
internal sealed class LoopbackAwareCookie : CookieBuilder
{
    public override CookieOptions Build(HttpContext context, DateTimeOffset expiresFrom)
    {
        var options = base.Build(context, expiresFrom);
        options.Secure = context.Request.IsHttps || !(context.Connection.RemoteIpAddress is { } ip && System.Net.IPAddress.IsLoopback(ip));
        return options;
    }
}

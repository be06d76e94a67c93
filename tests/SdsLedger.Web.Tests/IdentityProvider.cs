using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace SdsLedger.Web.Tests;

/// <summary>
/// A real OpenID Connect provider for the browser tests (OpenIddict's server, authorization code flow with PKCE) on a
/// loopback port: its sign-in page asks for an email, and it knows the people given to it (email → subject and name).
/// Nothing is stored: OpenIddict's degraded mode, with the one client and its redirect address checked here.
/// </summary>
public sealed class IdentityProvider : IAsyncDisposable
{
    public const string ClientId = "sdsledger-web";
    public const string ClientSecret = "test-client-secret-for-the-browser-tests";

    private readonly WebApplication _app;

    private IdentityProvider(WebApplication app, Uri authority) => (_app, Authority) = (app, authority);

    public Uri Authority { get; }

    /// <summary>The web app's address, once known: only its callback may receive codes.</summary>
    public Uri? ClientAddress { get; set; }

    public static async Task<IdentityProvider> StartAsync(IReadOnlyDictionary<string, (string Subject, string Name)> people)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        IdentityProvider? self = null;
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize").SetTokenEndpointUris("connect/token");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.RegisterScopes(Scopes.Email, Scopes.Profile);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            o.DisableAccessTokenEncryption();
            o.EnableDegradedMode();
            o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableTokenEndpointPassthrough().DisableTransportSecurityRequirement();
            o.AddEventHandler<ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(c =>
            {
                if (c.ClientId != ClientId) c.Reject(Errors.InvalidClient, "Unknown client.");
                else if (self?.ClientAddress is not { } client || c.RedirectUri != new Uri(client, "/signin-oidc").ToString())
                    c.Reject(Errors.InvalidRequest, "That redirect address is not the web app's.");
                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(h => h.UseInlineHandler(c =>
            {
                if (c.ClientId != ClientId || c.ClientSecret != ClientSecret) c.Reject(Errors.InvalidClient, "Wrong client or secret.");
                return default;
            }));
        });
        var app = builder.Build();

        app.MapGet("/connect/authorize", (HttpContext http) => Results.Content(SignInPage(http.Request.Query), "text/html"));
        app.MapPost("/connect/authorize", async (HttpContext http) =>
        {
            var request = http.GetOpenIddictServerRequest()!;
            var email = (await http.Request.ReadFormAsync())["login_email"].ToString().Trim();
            if (!people.TryGetValue(email, out var person))
                return Results.Content(SignInPage(http.Request.Form, "Nobody with that email has an account here."), "text/html");
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, person.Subject).SetClaim(Claims.Email, email).SetClaim(Claims.Name, person.Name);
            identity.SetScopes(request.GetScopes());
            identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });
        app.MapPost("/connect/token", async (HttpContext http) =>
        {
            var code = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return Results.SignIn(code.Principal!, authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new IdentityProvider(app, new Uri(address));
        return self;
    }

    // The provider's own page: an email and the OpenID Connect request carried along in hidden fields.
    private static string SignInPage(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters, string? problem = null)
    {
        var hidden = string.Concat(parameters.Where(p => p.Key != "login_email")
            .Select(p => $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(p.Key)}\" value=\"{WebUtility.HtmlEncode(p.Value.ToString())}\">"));
        return $"""
            <!DOCTYPE html><html lang="en"><head><title>Council sign-in</title></head><body><main>
            <h1>Council sign-in</h1>{(problem is null ? "" : $"<p role=\"alert\">{problem}</p>")}
            <form method="post" action="/connect/authorize">{hidden}
            <label for="login_email">Email</label> <input id="login_email" name="login_email" type="email">
            <button type="submit">Sign in</button></form></main></body></html>
            """;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

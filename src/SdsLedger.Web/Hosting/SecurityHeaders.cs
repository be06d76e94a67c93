namespace SdsLedger.Web.Hosting;

/// <summary>
/// Headers on every answer: a Content-Security-Policy that allows only this site's own scripts, styles and images (no
/// inline script or style anywhere), no sniffing of content types, no referrer (links may carry one-time tokens), and no
/// framing. HSTS is added outside development by the framework.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next, IConfiguration configuration)
{
    private readonly string _policy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        $"object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'{IdentityProviderOrigin(configuration)}";

    public Task InvokeAsync(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = _policy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        return next(http);
    }

    // Signing in may post back to the identity provider (its own sign-out or consent forms).
    private static string IdentityProviderOrigin(IConfiguration configuration) =>
        Uri.TryCreate(configuration["Oidc:Authority"], UriKind.Absolute, out var authority) ? " " + authority.GetLeftPart(UriPartial.Authority) : "";
}

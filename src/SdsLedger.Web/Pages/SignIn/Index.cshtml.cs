using Microsoft.AspNetCore.Mvc.RazorPages;
using SdsLedger.Web.SignIn;

namespace SdsLedger.Web.Pages.SignIn;

/// <summary>Where a request without a session lands: sign in with the council's identity provider, or how to get a link.</summary>
public sealed class IndexModel(IConfiguration configuration) : PageModel
{
    public bool UsesIdentityProvider { get; } = StaffSignInSettings.OidcConfigured(configuration);

    public string ReturnUrl { get; private set; } = "/";

    public void OnGet(string? returnUrl) => ReturnUrl = LocalOnly(Url, returnUrl);

    internal static string LocalOnly(Microsoft.AspNetCore.Mvc.IUrlHelper url, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}

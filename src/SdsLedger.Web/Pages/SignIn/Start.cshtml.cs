using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SdsLedger.Web.SignIn;

namespace SdsLedger.Web.Pages.SignIn;

/// <summary>Sends the browser to the council's identity provider (a link, not a form, so the redirect leaves this site freely).</summary>
public sealed class StartModel(IConfiguration configuration) : PageModel
{
    public IActionResult OnGet(string? returnUrl) =>
        StaffSignInSettings.OidcConfigured(configuration)
            ? Challenge(new AuthenticationProperties { RedirectUri = IndexModel.LocalOnly(Url, returnUrl) }, OpenIdConnectDefaults.AuthenticationScheme)
            : RedirectToPage("/SignIn/Index");
}

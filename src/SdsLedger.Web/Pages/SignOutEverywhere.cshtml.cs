using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Access;
using SdsLedger.Web.Hosting;

namespace SdsLedger.Web.Pages;

/// <summary>Ends every session of the signed-in worker: their security stamp changes, and every cookie carrying the old one is refused.</summary>
public sealed class SignOutEverywhereModel : StaffPageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await StaffSignIn.EndSessionsAsync(HttpContext.RequestServices.GetRequiredService<WebSettings>().DataSource, Me.WorkerId, Me.SecurityStamp, HttpContext.RequestAborted);
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect("/sign-in/signed-out?everywhere=true");
    }
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Web.Hosting;
using SdsLedger.Web.SignIn;

namespace SdsLedger.Web.Pages.SignIn;

/// <summary>
/// A one-time sign-in link from `sdsledger sign-in-link`. Opening it only shows a button: the link is used when the
/// button is pressed (a form with its antiforgery token), so a browser or scanner that fetches the link ahead uses nothing.
/// </summary>
public sealed class LinkModel(IClock clock) : PageModel
{
    private WebSettings Settings => HttpContext.RequestServices.GetRequiredService<WebSettings>();

    private const string Unusable = "This sign-in link has expired, has been used already, or was not made for this installation.";

    public string Token { get; private set; } = "";
    public string? Problem { get; private set; }
    public bool TurnedOff => Settings.SignInLinkKey is null;

    public IActionResult OnGet(string? token)
    {
        Token = token ?? "";
        Problem = Check(token);
        if (Problem is not null) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? token)
    {
        Token = token ?? "";
        Problem = Check(token);
        if (Problem is null)
        {
            var member = await StaffSignIn.ByLinkAsync(Settings.DataSource, SignInLink.FromToken(token, Settings.SignInLinkKey!)!, HttpContext.RequestAborted);
            if (member is not null && StaffClaims.MayUseWebApp(member))
            {
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, StaffClaims.Principal(member, "link"),
                    new AuthenticationProperties { IsPersistent = false });
                return LocalRedirect("/");
            }
            Problem = member is null ? Unusable : "The web app is for council staff (social workers, finance officers and auditors) and providers' staff for now.";
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private string? Check(string? token)
    {
        if (Settings.SignInLinkKey is null)
            return "Sign-in links are turned off: this council signs in with its own identity provider. Go to the sign-in page instead.";
        return SignInLink.FromToken(token, Settings.SignInLinkKey) is { } link && link.Expires > clock.GetCurrentInstant() ? null : Unusable;
    }
}

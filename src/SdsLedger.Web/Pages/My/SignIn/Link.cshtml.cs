using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Web.People;

namespace SdsLedger.Web.Pages.My.SignIn;

/// <summary>
/// A person's one-time link from `sdsledger sign-in-link --person REF`, on an installation that sends no codes (no
/// Notify key). As for staff, opening it shows a button; pressing it uses the link.
/// </summary>
public sealed class LinkModel(PersonSignIn signIn, IConfiguration configuration, IClock clock) : PageModel
{
    private const string Unusable = "This sign-in link has expired, has been used already, or was not made for this installation.";

    public string Token { get; private set; } = "";
    public string? Problem { get; private set; }

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
        if (Problem is null && await signIn.ByLinkAsync(SignInLink.FromToken(token, signIn.LinkKey)!, HttpContext.RequestAborted) is { } person)
        {
            await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PersonClaims.Principal(person, "link"),
                new AuthenticationProperties { IsPersistent = false });
            return LocalRedirect("/my/budget");
        }
        Problem ??= Unusable;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private string? Check(string? token)
    {
        if (!string.IsNullOrWhiteSpace(configuration["Notify:ApiKey"]))
            return "Sign-in links are turned off here: this installation sends you a code by email or text message instead.";
        return SignInLink.FromToken(token, signIn.LinkKey) is { } link && link.Expires > clock.GetCurrentInstant() ? null : Unusable;
    }
}

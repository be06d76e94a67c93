using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NodaTime;
using SdsLedger.Access;
using SdsLedger.Web.People;

namespace SdsLedger.Web.Pages.My.SignIn;

/// <summary>The person types the code they were sent: right once within 10 minutes signs them in; 5 wrong tries lock sign-in for 15 minutes.</summary>
public sealed class CodeModel(PersonSignIn signIn, IDataProtectionProvider protection) : PageModel
{
    private static readonly DateTimeZone Scotland = DateTimeZoneProviders.Tzdb["Europe/London"];

    public string? Ticket { get; private set; }

    [BindProperty]
    public string? Code { get; set; }

    public void OnGet(string? c) => Ticket = CodeTicket.Unprotect(protection, c) is null ? null : c;

    public async Task<IActionResult> OnPostAsync(string? c)
    {
        var codeId = CodeTicket.Unprotect(protection, c);
        if (codeId is null) return Page();
        Ticket = c;
        var code = (Code ?? "").Replace(" ", "", StringComparison.Ordinal).Trim();
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            ModelState.AddModelError(nameof(Code), "Enter the 6 numbers from the message, like 123456.");
            return Page();
        }
        var answer = await signIn.FinishAsync(codeId.Value, code, HttpContext.RequestAborted);
        switch (answer.Outcome)
        {
            case CodeAnswer.SignedIn:
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PersonClaims.Principal(answer.Person!, "code"),
                    new AuthenticationProperties { IsPersistent = false });
                return LocalRedirect("/my/budget");
            case CodeAnswer.Wrong:
                ModelState.AddModelError(nameof(Code), answer.TriesLeft == 1
                    ? "That code is not right. You have 1 more try, then signing in is locked for 15 minutes."
                    : $"That code is not right. You have {answer.TriesLeft} more tries, then signing in is locked for 15 minutes.");
                break;
            case CodeAnswer.Locked:
                var until = answer.LockedUntil is { } at ? at.InZone(Scotland).ToString("h:mmtt", CultureInfo.InvariantCulture).ToLowerInvariant() : "15 minutes from now";
                ModelState.AddModelError(string.Empty, $"A wrong code was typed 5 times, so signing in is locked until {until}. Then ask for a new code.");
                break;
            default:
                ModelState.AddModelError(string.Empty, "This code has expired or has been used already. Ask for a new code.");
                break;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}

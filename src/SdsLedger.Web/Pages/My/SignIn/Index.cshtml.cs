using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SdsLedger.Access;
using SdsLedger.Web.People;

namespace SdsLedger.Web.Pages.My.SignIn;

/// <summary>
/// A person asks for a one-time code by email address or mobile number. The page that follows is the same whether or
/// not anyone has that address, so it tells nobody who uses the service.
/// </summary>
public sealed class IndexModel(ICodeMessages messages, PersonSignIn signIn, IDataProtectionProvider protection, ILogger<IndexModel> log) : PageModel
{
    public bool CanSend => messages.CanSend;

    [BindProperty]
    public string? Address { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!CanSend) return Page();
        var address = (Address ?? "").Trim();
        if (address.Length == 0 || address.Length > 254 || address.Any(char.IsControl))
        {
            ModelState.AddModelError(nameof(Address), "Enter your email address or mobile phone number, like name@example.com or 07700 900123.");
            return Page();
        }
        var codeId = Guid.NewGuid();
        var code = PersonSignIn.NewCode();
        var to = await signIn.StartAsync(codeId, address, code, HttpContext.RequestAborted);
        if (to is not null)
        {
            try
            {
                await messages.SendAsync(to, code, HttpContext.RequestAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "A sign-in code could not be sent by {Channel}", to.Channel);
                ModelState.AddModelError(string.Empty, "We could not send a code just now. Try again in a few minutes.");
                return Page();
            }
        }
        return LocalRedirect($"/my/sign-in/code?c={Uri.EscapeDataString(CodeTicket.Protect(protection, codeId))}");
    }
}

/// <summary>The code's id carried from the page that sent it to the page that takes it, protected so nobody can make one up.</summary>
internal static class CodeTicket
{
    private const string Purpose = "SdsLedger.Web.PersonSignInCode";

    public static string Protect(IDataProtectionProvider protection, Guid codeId) =>
        protection.CreateProtector(Purpose).ToTimeLimitedDataProtector().Protect(codeId.ToString("N"), TimeSpan.FromMinutes(15));

    public static Guid? Unprotect(IDataProtectionProvider protection, string? ticket)
    {
        if (string.IsNullOrEmpty(ticket) || ticket.Length > 500) return null;
        try
        {
            return Guid.TryParseExact(protection.CreateProtector(Purpose).ToTimeLimitedDataProtector().Unprotect(ticket), "N", out var id) ? id : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }
}

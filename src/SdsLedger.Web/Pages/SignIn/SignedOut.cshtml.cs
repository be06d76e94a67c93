using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SdsLedger.Web.Pages.SignIn;

public sealed class SignedOutModel : PageModel
{
    public bool Everywhere { get; private set; }

    public void OnGet(bool everywhere = false) => Everywhere = everywhere;
}

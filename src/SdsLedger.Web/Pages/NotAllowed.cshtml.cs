using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SdsLedger.Web.Pages;

public sealed class NotAllowedModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}

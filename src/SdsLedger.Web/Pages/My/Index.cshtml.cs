using Microsoft.AspNetCore.Mvc;

namespace SdsLedger.Web.Pages.My;

/// <summary>A person's start page is their budget.</summary>
public sealed class IndexModel : PersonPageModel
{
    public IActionResult OnGet() => LocalRedirect("/my/budget");
}

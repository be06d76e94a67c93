using Microsoft.AspNetCore.Authorization;

namespace SdsLedger.Web.Pages.Finance;

/// <summary>A finance officer's start page: what they can do here.</summary>
[Authorize(Roles = "council-finance")]
public sealed class HomeModel : StaffPageModel
{
    public void OnGet()
    {
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Caseload;

namespace SdsLedger.Web.Pages.Caseload;

/// <summary>A social worker's caseload: each budget's option, allocation, spending against time gone, flags, reviews and approvals.</summary>
[Authorize(Roles = "social-worker")]
public sealed class DashboardModel : StaffPageModel
{
    public CaseloadView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var result = await Ledger.SendAsync(new Features.Caseload.Caseload.Query(Me.Actor, Me.WorkerId, Today), HttpContext.RequestAborted);
        if (Accept(result)) View = result.Value;
        return Page();
    }
}

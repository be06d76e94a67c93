using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Caseload;

namespace SdsLedger.Web.Pages.Caseload;

/// <summary>A social worker's caseload: each budget's option, allocation, spending against time gone, flags, reviews and approvals.</summary>
[Authorize(Roles = "social-worker")]
public sealed class DashboardModel : StaffPageModel
{
    public CaseloadView? View { get; private set; }

    /// <summary>Self-referrals from peer workers waiting for the council's social work team.</summary>
    public int ReferralsWaiting { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var result = await Ledger.SendAsync(new Features.Caseload.Caseload.Query(Me.Actor, Me.WorkerId, Today), HttpContext.RequestAborted);
        if (Accept(result)) View = result.Value;
        var referrals = await Ledger.SendAsync(new Features.Referrals.ListReferrals.Query(Me.Actor), HttpContext.RequestAborted);
        if (referrals.Succeeded) ReferralsWaiting = referrals.Value!.Count;
        return Page();
    }
}

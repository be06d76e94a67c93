using Microsoft.AspNetCore.Authorization;
using SdsLedger.Features.Referrals;

namespace SdsLedger.Web.Pages.Referrals;

/// <summary>The council's social work queue of self-referrals from peer and recovery workers, and those decided lately.</summary>
[Authorize(Roles = "social-worker")]
public sealed class IndexModel : StaffPageModel
{
    public IReadOnlyList<Referral> Waiting { get; private set; } = [];
    public IReadOnlyList<Referral> Decided { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var waiting = await Ledger.SendAsync(new ListReferrals.Query(Me.Actor), HttpContext.RequestAborted);
        if (Accept(waiting)) Waiting = waiting.Value!;
        var decided = await Ledger.SendAsync(new ListReferrals.Query(Me.Actor, Decided: true), HttpContext.RequestAborted);
        if (Accept(decided)) Decided = decided.Value!.Take(30).ToList();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Surplus;

namespace SdsLedger.Web.Pages.Finance;

/// <summary>The council's surplus flags: parts holding more than the threshold of weeks of funding, for a discussion with the person.</summary>
[Authorize(Roles = "council-finance")]
public sealed class SurplusModel : StaffPageModel
{
    public SurplusFlagsView? View { get; private set; }
    public string? Reclaimed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? reclaimed)
    {
        Reclaimed = reclaimed;
        var result = await Ledger.SendAsync(new SurplusFlags.Query(Me.Actor, Me.Actor.CouncilId!.Value), HttpContext.RequestAborted);
        if (Accept(result)) View = result.Value;
        return Page();
    }
}

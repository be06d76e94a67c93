using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Providers;

namespace SdsLedger.Web.Pages.Provider;

/// <summary>A provider's home: the people whose money the organisation holds, each with received, spent, set aside and balance.</summary>
[Authorize(Roles = "provider")]
public sealed class HomeModel : StaffPageModel
{
    public ProviderHeldFundsView? View { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (Me.Actor.OrganisationId is not { } organisation) return NotFound();
        var result = await Ledger.SendAsync(new ProviderHeldFunds.Query(Me.Actor, organisation), HttpContext.RequestAborted);
        if (!result.Succeeded) return NotFound();
        View = result.Value;
        return Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.People;

namespace SdsLedger.Web.Pages.People;

/// <summary>A person's page: their budgets, newest first, with what is allocated, spent and available.</summary>
[Authorize(Roles = "social-worker,council-finance,auditor")]
public sealed class PersonModel : StaffPageModel
{
    public PersonBudgetsView? View { get; private set; }
    public bool Registered { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid personId, bool registered = false)
    {
        var result = await Ledger.SendAsync(new PersonBudgets.Query(Me.Actor, personId, Today), HttpContext.RequestAborted);
        if (!Opened(result)) return NotOpened($"personId={personId}");
        (View, Registered) = (result.Value, registered);
        return Page();
    }
}

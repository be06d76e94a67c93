using Microsoft.AspNetCore.Authorization;
using SdsLedger.Features.People;

namespace SdsLedger.Web.Pages.Requests;

/// <summary>A social worker's queue of requests for a change from the people on their caseload.</summary>
[Authorize(Roles = "social-worker")]
public sealed class IndexModel : StaffPageModel
{
    public IReadOnlyList<ChangeRequest> Requests { get; private set; } = [];

    public async Task OnGetAsync()
    {
        var result = await Ledger.SendAsync(new ChangeRequests.Query(Me.Actor), HttpContext.RequestAborted);
        if (result.Succeeded) Requests = result.Value!;
    }
}

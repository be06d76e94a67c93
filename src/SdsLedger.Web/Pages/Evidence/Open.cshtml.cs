using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Spending;

namespace SdsLedger.Web.Pages.Evidence;

/// <summary>Opens a receipt or invoice attached to a spend, for council staff and for the provider holding the spend's part.</summary>
[Authorize(Roles = "social-worker,council-finance,auditor,provider")]
public sealed class OpenModel : StaffPageModel
{
    public async Task<IActionResult> OnGetAsync(Guid evidenceId)
    {
        var result = await Ledger.SendAsync(new OpenEvidence.Query(Me.Actor, evidenceId), HttpContext.RequestAborted);
        return result.Value is { } file ? File(file.Content, file.MediaType, file.FileName) : NotFound();
    }
}

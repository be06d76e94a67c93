using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Spending;

namespace SdsLedger.Web.Pages.My;

/// <summary>Opens a receipt or invoice attached to one of the person's own spends.</summary>
public sealed class EvidenceModel : PersonPageModel
{
    public async Task<IActionResult> OnGetAsync(Guid evidenceId)
    {
        var result = await Ledger.SendAsync(new OpenEvidence.Query(Me.Actor, evidenceId), HttpContext.RequestAborted);
        return result.Value is { } file ? File(file.Content, file.MediaType, file.FileName) : NotFound();
    }
}

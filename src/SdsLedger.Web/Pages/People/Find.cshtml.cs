using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.People;

namespace SdsLedger.Web.Pages.People;

/// <summary>Find one of the council's people by name or reference.</summary>
[Authorize(Roles = "social-worker,council-finance,auditor")]
public sealed class FindModel : StaffPageModel
{
    private static readonly Dictionary<string, string> Fields = new() { ["Text"] = "q" };

    public string? Q { get; private set; }
    public FoundPeople? Found { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? q)
    {
        Q = q;
        if (q is null) return Page();
        var result = await Ledger.SendAsync(new FindPeople.Query(Me.Actor, q), HttpContext.RequestAborted);
        if (Accept(result, Fields)) Found = result.Value;
        return Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.Referrals;
using SdsLedger.Pipeline;

namespace SdsLedger.Web.Pages.Referrals;

/// <summary>
/// One self-referral: a social worker accepts it (registering the person, as Register a person does) or answers it in
/// writing. It is decided once; of two social workers deciding at once, the second is told who decided first.
/// </summary>
[Authorize(Roles = "social-worker")]
public sealed class DecideModel : StaffPageModel
{
    [BindProperty] public string? Reference { get; set; }
    [BindProperty] public string? Format { get; set; } = "standard";
    [BindProperty] public string? Answer { get; set; }

    public Referral? Referral { get; private set; }
    public string? Done { get; private set; }

    public override IReadOnlyList<string> FormFields => [nameof(Reference), nameof(Format), nameof(Answer)];

    public async Task<IActionResult> OnGetAsync(Guid referralId, string? done = null)
    {
        Done = done;
        return await LoadAsync(referralId) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAcceptAsync(Guid referralId)
    {
        if (!StatementFormats.TryParse(Format, out var format))
        {
            ModelState.AddModelError(nameof(Format), "Choose how their statements should be printed.");
            return await LoadAsync(referralId) ? Page() : NotFound();
        }
        var result = await Ledger.SendAsync(new AcceptReferral.Command(Me.Actor, KeyFor("accept"), referralId, Reference?.Trim() ?? "", format),
            HttpContext.RequestAborted);
        return await AfterAsync(result, referralId, "accepted");
    }

    public async Task<IActionResult> OnPostAnswerAsync(Guid referralId)
    {
        var result = await Ledger.SendAsync(new AnswerReferral.Command(Me.Actor, KeyFor("answer"), referralId, Answer?.Trim() ?? ""), HttpContext.RequestAborted);
        return await AfterAsync(result, referralId, "answered");
    }

    private async Task<IActionResult> AfterAsync(Result<Guid> result, Guid referralId, string done)
    {
        if (Accept(result, new Dictionary<string, string> { ["Reference"] = nameof(Reference), ["Format"] = nameof(Format), ["Answer"] = nameof(Answer) }))
            return LocalRedirect($"/referrals/{referralId}?done={done}");
        return await LoadAsync(referralId) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(Guid referralId)
    {
        var result = await Ledger.SendAsync(new ShowReferral.Query(Me.Actor, referralId), HttpContext.RequestAborted);
        Referral = result.Value;
        return result.Succeeded;
    }
}

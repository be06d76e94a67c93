using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.People;

namespace SdsLedger.Web.Pages.People;

/// <summary>
/// Where a person's one-time sign-in codes go, from their page: their council's social worker or finance officer records
/// the email address and mobile number the person chose (either, both, or neither), and sees what is recorded now.
/// </summary>
[Authorize(Roles = "social-worker,council-finance")]
public sealed class SignInModel : StaffPageModel
{
    private static readonly Dictionary<string, string> Fields = new() { ["Email"] = nameof(Email), ["Mobile"] = nameof(Mobile) };

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Email), nameof(Mobile)];

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Mobile { get; set; }

    public Guid PersonId { get; private set; }
    public string PersonName { get; private set; } = "";
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid personId, bool saved = false)
    {
        var held = await Ledger.SendAsync(new PersonSignInAddresses.Query(Me.Actor, personId), HttpContext.RequestAborted);
        if (!Opened(held)) return NotOpened($"personId={personId}");
        (PersonId, PersonName, Email, Mobile, Saved) = (personId, held.Value!.Name, held.Value.Email, held.Value.Mobile, saved);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid personId)
    {
        var held = await Ledger.SendAsync(new PersonSignInAddresses.Query(Me.Actor, personId), HttpContext.RequestAborted);
        if (!Opened(held)) return NotOpened($"personId={personId}");
        (PersonId, PersonName) = (personId, held.Value!.Name);
        var result = await Ledger.SendAsync(new SetPersonSignIn.Command(Me.Actor, KeyFor(), personId, Email, Mobile), HttpContext.RequestAborted);
        return Accept(result, Fields) ? LocalRedirect($"/people/{personId}/sign-in?saved=true") : Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Referrals;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Peer;

/// <summary>A peer worker starts a self-referral with a person the council does not know yet; it lands in the council's social work queue.</summary>
[Authorize(Roles = "recovery-worker")]
public sealed class ReferModel : StaffPageModel
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["Name"] = nameof(Name), ["DateOfBirth"] = nameof(DateOfBirth), ["Email"] = nameof(Email), ["Mobile"] = nameof(Mobile),
        ["WouldLike"] = nameof(WouldLike), ["AgreesToContact"] = nameof(AgreesToContact),
    };

    public override IReadOnlyList<string> FormFields { get; } =
        [nameof(Name), nameof(DateOfBirth), nameof(Email), nameof(Mobile), nameof(WouldLike), nameof(AgreesToContact)];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? DateOfBirth { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Mobile { get; set; }
    [BindProperty] public string? WouldLike { get; set; }
    [BindProperty] public string? AgreesToContact { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!TextInput.TryDate(DateOfBirth, out var born))
            ModelState.AddModelError(nameof(DateOfBirth), string.IsNullOrWhiteSpace(DateOfBirth)
                ? "Enter their date of birth, for example 02/03/1984."
                : $"‘{DateOfBirth.Trim()}’ is not a date: {TextInput.DateHelp}.");
        bool? agrees = AgreesToContact switch { "yes" => true, "no" => false, _ => null };
        var command = new MakeReferral.Command(Me.Actor, KeyFor(), Name?.Trim() ?? "", ModelState.IsValid ? born : new NodaTime.LocalDate(2000, 1, 1),
            Email?.Trim(), Mobile?.Trim(), WouldLike?.Trim() ?? "", agrees);
        if (!ModelState.IsValid)
        {
            // Nothing is sent; the command's own checks still name every other field that needs putting right.
            await CheckShapeAsync(command, Fields, nameof(DateOfBirth));
            return Page();
        }
        return Accept(await Ledger.SendAsync(command, HttpContext.RequestAborted), Fields) ? LocalRedirect("/peer?referred=true") : Page();
    }
}

using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.Shared;
using SdsLedger.Features.Surplus;

namespace SdsLedger.Web.Pages.Finance;

/// <summary>
/// One flagged part: record a discussion with the person (when, what was said, how much they agreed the council may take
/// back), then reclaim as agreed. The rules refuse more than was agreed or is available, and a discussion is used once.
/// </summary>
[Authorize(Roles = "council-finance")]
public sealed class SurplusPartModel : StaffPageModel
{
    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public string? Agreed { get; set; }
    [BindProperty] public string? Amount { get; set; }

    public SurplusFlag? Flag { get; private set; }
    public bool Discussed { get; private set; }

    public override IReadOnlyList<string> FormFields { get; } = [nameof(HeldOn), nameof(Notes), nameof(Agreed), nameof(Amount)];

    public async Task<IActionResult> OnGetAsync(Guid partId, bool discussed = false)
    {
        Discussed = discussed;
        return await LoadAsync(partId) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostDiscussionAsync(Guid partId)
    {
        if (!await LoadAsync(partId)) return NotFound();
        var dateOk = TextInput.TryDate(HeldOn, out var heldOn);
        if (!dateOk) ModelState.AddModelError(nameof(HeldOn), string.IsNullOrWhiteSpace(HeldOn)
            ? "Enter the day you talked with the person, for example 01/12/2026."
            : $"The day ‘{HeldOn.Trim()}’ is not a date: {TextInput.DateHelp}.");
        var amountOk = TextInput.TryAmount(Agreed, out var agreed, out var problem);
        if (!amountOk) ModelState.AddModelError(nameof(Agreed), problem);
        var fields = new Dictionary<string, string> { ["HeldOn"] = nameof(HeldOn), ["Notes"] = nameof(Notes), ["AgreedAmount"] = nameof(Agreed) };
        var command = new RecordSurplusDiscussion.Command(Me.Actor, KeyFor("discussion"), partId, dateOk ? heldOn : Today, Notes?.Trim() ?? "", amountOk ? agreed : Money.Zero);
        if (!dateOk || !amountOk)
        {
            await CheckShapeAsync(command, fields, nameof(HeldOn), nameof(Agreed));
            return Page();
        }
        var result = await Ledger.SendAsync(command, HttpContext.RequestAborted);
        return Accept(result, fields) ? LocalRedirect($"/finance/surplus/{partId}?discussed=true") : Page();
    }

    public async Task<IActionResult> OnPostReclaimAsync(Guid partId)
    {
        if (!await LoadAsync(partId)) return NotFound();
        if (!TextInput.TryAmount(Amount, out var amount, out var problem))
        {
            ModelState.AddModelError(nameof(Amount), problem);
            return Page();
        }
        var result = await Ledger.SendAsync(new ReclaimSurplus.Command(Me.Actor, KeyFor("reclaim"), partId, amount, Today), HttpContext.RequestAborted);
        return Accept(result, new Dictionary<string, string> { ["Amount"] = nameof(Amount) })
            ? LocalRedirect($"/finance/surplus?reclaimed={Uri.EscapeDataString(result.Value!.Amount.ToString())}")
            : Page();
    }

    private async Task<bool> LoadAsync(Guid partId)
    {
        var result = await Ledger.SendAsync(new SurplusFlags.Query(Me.Actor, Me.Actor.CouncilId!.Value), HttpContext.RequestAborted);
        Flag = result.Value?.Flags.FirstOrDefault(f => f.PartId == partId);
        return Flag is not null;
    }
}

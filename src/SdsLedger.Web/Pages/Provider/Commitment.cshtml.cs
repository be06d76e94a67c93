using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.Commitments;
using SdsLedger.Features.Providers;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Provider;

/// <summary>
/// Money set aside for a person's planned purchase: record the purchase from it (up to the amount set aside; the rest is
/// available again) or release it. A refusal (already spent, more than was set aside, the budget closed) is shown at the top.
/// </summary>
[Authorize(Roles = "provider")]
public sealed class CommitmentModel : StaffPageModel
{
    private static readonly Dictionary<string, string> CaptureFields = new()
    {
        ["Date"] = nameof(Date), ["Amount"] = nameof(Amount), ["Hours"] = nameof(Hours),
    };

    private static readonly Dictionary<string, string> ReleaseFields = new() { ["Reason"] = nameof(Reason) };

    [BindProperty] public string? Date { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Hours { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public string Organisation { get; private set; } = "";
    public HeldForPerson? Held { get; private set; }

    /// <summary>The money set aside, while it is still open; null once it has been spent or released.</summary>
    public OpenCommitment? SetAside { get; private set; }

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Date), nameof(Amount), nameof(Hours), nameof(Reason)];

    public async Task<IActionResult> OnGetAsync(Guid personId, Guid commitmentId)
    {
        if (!await LoadAsync(personId, commitmentId) || SetAside is null) return NotFound();
        Date = Today.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture);
        Amount = SetAside.Amount.Pence % 100 == 0 ? (SetAside.Amount.Pence / 100).ToString(CultureInfo.InvariantCulture)
            : (SetAside.Amount.Pence / 100m).ToString("0.00", CultureInfo.InvariantCulture);
        return Page();
    }

    public async Task<IActionResult> OnPostCaptureAsync(Guid personId, Guid commitmentId)
    {
        if (!await LoadAsync(personId, commitmentId)) return NotFound();
        var dateOk = TextInput.TryDate(Date, out var date);
        if (!dateOk)
            ModelState.AddModelError(nameof(Date), Date?.Trim() is { Length: > 0 } d ? $"The day ‘{d}’ is not a date: {TextInput.DateHelp}." : $"Enter the day of the spend: {TextInput.DateHelp}.");
        if (!TextInput.TryAmount(Amount, out var amount, out var problem)) ModelState.AddModelError(nameof(Amount), "The amount " + problem);
        decimal? hours = null;
        if (Hours?.Trim() is { Length: > 0 } h)
        {
            if (decimal.TryParse(h, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)) hours = value;
            else ModelState.AddModelError(nameof(Hours), $"‘{h}’ is not a number of hours: write the hours of support delivered, like 3.5, or leave it empty.");
        }
        if (!ModelState.IsValid) return Page();
        var result = await Ledger.SendAsync(new CaptureCommitment.Command(Me.Actor, KeyFor("capture"), commitmentId, amount, date, Hours: hours),
            HttpContext.RequestAborted);
        if (!Accept(result, CaptureFields)) return await AfterRefusalAsync(personId, commitmentId);
        return LocalRedirect($"/provider/people/{personId}?done=captured");
    }

    public async Task<IActionResult> OnPostReleaseAsync(Guid personId, Guid commitmentId)
    {
        if (!await LoadAsync(personId, commitmentId)) return NotFound();
        var result = await Ledger.SendAsync(new ReleaseCommitment.Command(Me.Actor, KeyFor("release"), commitmentId, Reason?.Trim() ?? ""),
            HttpContext.RequestAborted);
        if (!Accept(result, ReleaseFields)) return await AfterRefusalAsync(personId, commitmentId);
        return LocalRedirect($"/provider/people/{personId}?done=released");
    }

    /// <summary>A refused capture or release: the page again, with the figures as they are now (the money may have gone meanwhile).</summary>
    private async Task<IActionResult> AfterRefusalAsync(Guid personId, Guid commitmentId)
    {
        await LoadAsync(personId, commitmentId);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid personId, Guid commitmentId)
    {
        if (await HeldPerson.FindAsync(this, personId, HttpContext.RequestAborted) is not { } found) return false;
        (Organisation, Held) = found;
        SetAside = null;
        foreach (var part in Held.Parts)
            if ((await Ledger.SendAsync(new OpenCommitments.Query(Me.Actor, part.PartId), HttpContext.RequestAborted)).Value?.FirstOrDefault(c => c.CommitmentId == commitmentId) is { } open)
                SetAside = open;
        return true;
    }
}

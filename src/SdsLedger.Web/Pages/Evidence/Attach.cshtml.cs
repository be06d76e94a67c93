using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.Spending;
using SdsLedger.Web.Pages.Shared;

namespace SdsLedger.Web.Pages.Evidence;

/// <summary>
/// Attaches a receipt or invoice to a spend already recorded (from a form, an imported file or money set aside): for the
/// provider holding the spend's part and for council staff. The file is checked by its content (PDF, JPEG or PNG, at most 10 MB).
/// </summary>
[Authorize(Roles = "social-worker,council-finance,provider")]
[RequestSizeLimit(EvidenceFile.MaxBytes + 1024 * 1024)]
public sealed class AttachModel : StaffPageModel
{
    private static readonly Dictionary<string, string> Fields = new() { ["Content"] = nameof(Receipt), ["FileName"] = nameof(Receipt) };

    [BindProperty] public IFormFile? Receipt { get; set; }

    public RecordedSpend? Spend { get; private set; }
    public Guid BudgetId { get; private set; }
    public Guid PersonId { get; private set; }
    public IReadOnlyList<EvidenceItem> Attached { get; private set; } = [];

    /// <summary>A receipt was just attached: the confirmation is shown.</summary>
    public bool Done { get; private set; }

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Receipt)];

    /// <summary>Where "back" goes: the provider's page for the person, or the budget's history for council staff.</summary>
    public (string Href, string Text) Back => Me.Actor.Role == Role.Provider
        ? ($"/provider/people/{PersonId}", "Back to the person's page")
        : ($"/budgets/{BudgetId}#history", "Back to the budget");

    public async Task<IActionResult> OnGetAsync(Guid budgetId, Guid entryId, bool attached = false)
    {
        if (!await LoadAsync(budgetId, entryId)) return NotFound();
        Done = attached;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid budgetId, Guid entryId)
    {
        if (!await LoadAsync(budgetId, entryId)) return NotFound();
        var content = await ReceiptUpload.ReadAsync(Receipt, ModelState, nameof(Receipt), HttpContext.RequestAborted);
        if (content is null && ModelState.IsValid) ModelState.AddModelError(nameof(Receipt), "Choose the receipt or invoice to attach. " + EvidenceFile.Help);
        if (!ModelState.IsValid) return Page();
        var result = await Ledger.SendAsync(new AttachEvidence.Command(Me.Actor, KeyFor(), entryId, Path.GetFileName(Receipt!.FileName), content!),
            HttpContext.RequestAborted);
        if (!Accept(result, Fields)) return Page();
        return LocalRedirect($"/budgets/{budgetId}/spends/{entryId}/receipt?attached=true");
    }

    private async Task<bool> LoadAsync(Guid budgetId, Guid entryId)
    {
        var spends = await Ledger.SendAsync(new BudgetSpends.Query(Me.Actor, budgetId), HttpContext.RequestAborted);
        Spend = spends.Value?.Spends.FirstOrDefault(s => s.EntryId == entryId);
        if (Spend is null) return false;
        (BudgetId, PersonId) = (budgetId, spends.Value!.PersonId);
        Attached = (await Ledger.SendAsync(new BudgetEvidence.Query(Me.Actor, budgetId), HttpContext.RequestAborted)).Value?
            .Where(e => e.EntryId == entryId).ToList() ?? [];
        return true;
    }
}

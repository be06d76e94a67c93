using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Reviews;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Budgets;

/// <summary>A review of the budget with the person: the day it was held and what was agreed. The next review is then shown as due.</summary>
[Authorize(Roles = "social-worker")]
public sealed class ReviewModel : StaffPageModel
{
    [BindProperty] public string? HeldOn { get; set; }
    [BindProperty] public string? Agreed { get; set; }

    public BudgetSummaryView? View { get; private set; }
    public bool Recorded { get; private set; }

    public override IReadOnlyList<string> FormFields { get; } = [nameof(HeldOn), nameof(Agreed)];

    public async Task<IActionResult> OnGetAsync(Guid budgetId, bool recorded = false)
    {
        Recorded = recorded;
        if (!await LoadAsync(budgetId)) return NotOpened($"budgetId={budgetId}");
        HeldOn = Today.ToString("dd/MM/yyyy", null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid budgetId)
    {
        if (!await LoadAsync(budgetId)) return NotOpened($"budgetId={budgetId}");
        var dateOk = TextInput.TryDate(HeldOn, out var heldOn);
        if (!dateOk) ModelState.AddModelError(nameof(HeldOn), $"The day ‘{HeldOn?.Trim()}’ is not a date: {TextInput.DateHelp}.");
        var fields = new Dictionary<string, string> { ["On"] = nameof(HeldOn), ["Agreed"] = nameof(Agreed) };
        var command = new RecordReview.Command(Me.Actor, KeyFor(), budgetId, dateOk ? heldOn : Today, Agreed?.Trim() ?? "");
        if (!dateOk)
        {
            await CheckShapeAsync(command, fields, nameof(HeldOn));
            return Page();
        }
        var result = await Ledger.SendAsync(command, HttpContext.RequestAborted);
        return Accept(result, fields) ? LocalRedirect($"/budgets/{budgetId}/review?recorded=true") : Page();
    }

    private async Task<bool> LoadAsync(Guid budgetId)
    {
        var result = await Ledger.SendAsync(new BudgetSummary.Query(Me.Actor, budgetId, Today), HttpContext.RequestAborted);
        View = result.Value;
        return Opened(result);
    }
}

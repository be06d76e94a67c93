using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Plans;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Budgets;

/// <summary>
/// A social worker agrees the support plan with the person: the outcomes in their words and the categories the budget may
/// be spent on, with amounts or shares. The rules' refusals (amounts above the budget, shares over 100%) are named on the page.
/// </summary>
[Authorize(Roles = "social-worker")]
public sealed class PlanModel : StaffPageModel
{
    [BindProperty] public string? AgreedOn { get; set; }
    [BindProperty] public List<string?> Outcomes { get; set; } = [];
    [BindProperty] public List<string?> Categories { get; set; } = [];
    [BindProperty] public List<string?> Amounts { get; set; } = [];
    [BindProperty] public List<string?> Shares { get; set; } = [];

    public BudgetSummaryView? View { get; private set; }
    public bool Agreed { get; private set; }

    public override IReadOnlyList<string> FormFields { get; } = [nameof(AgreedOn), .. PlanFields.Names];

    public async Task<IActionResult> OnGetAsync(Guid budgetId, bool agreed = false)
    {
        Agreed = agreed;
        if (!await LoadAsync(budgetId)) return NotOpened($"budgetId={budgetId}");
        AgreedOn = Today.ToString("dd/MM/yyyy", null);
        Outcomes = [.. View!.Outcomes];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid budgetId)
    {
        if (!await LoadAsync(budgetId)) return NotOpened($"budgetId={budgetId}");
        var dateOk = TextInput.TryDate(AgreedOn, out var agreedOn);
        if (!dateOk) ModelState.AddModelError(nameof(AgreedOn), $"The day ‘{AgreedOn?.Trim()}’ is not a date: {TextInput.DateHelp}.");
        var (outcomes, categories, fields) = PlanFields.Read(Outcomes, Categories, Amounts, Shares, ModelState);
        fields["AgreedOn"] = nameof(AgreedOn);
        var command = new AgreeSupportPlan.Command(Me.Actor, KeyFor(), budgetId, dateOk ? agreedOn : Today, outcomes, categories);
        if (!ModelState.IsValid)
        {
            await CheckShapeAsync(command, fields, [.. ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key)]);
            return Page();
        }
        var result = await Ledger.SendAsync(command, HttpContext.RequestAborted);
        return Accept(result, fields) ? LocalRedirect($"/budgets/{budgetId}/plan?agreed=true") : Page();
    }

    private async Task<bool> LoadAsync(Guid budgetId)
    {
        var result = await Ledger.SendAsync(new BudgetSummary.Query(Me.Actor, budgetId, Today), HttpContext.RequestAborted);
        View = result.Value;
        return Opened(result);
    }
}

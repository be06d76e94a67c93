using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.Approvals;

/// <summary>A social worker or finance officer asks for a spend above the threshold to be approved by someone else.</summary>
[Authorize(Roles = "social-worker,council-finance")]
public sealed class AskModel : StaffPageModel
{
    private static readonly Dictionary<string, string> Fields = new()
    {
        ["PartId"] = nameof(Part), ["Amount"] = nameof(Amount), ["Category"] = nameof(Category), ["Payee"] = nameof(Payee), ["Description"] = nameof(Description),
    };

    [BindProperty] public string? Part { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Payee { get; set; }
    [BindProperty] public string? Description { get; set; }

    public string Caption { get; private set; } = "";
    public IReadOnlyList<(string, string)> PartChoices { get; private set; } = [];

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Part), nameof(Amount), nameof(Category), nameof(Payee), nameof(Description)];

    public async Task<IActionResult> OnGetAsync(Guid budgetId) => await LoadAsync(budgetId) ? Page() : NotOpened($"budgetId={budgetId}");

    public async Task<IActionResult> OnPostAsync(Guid budgetId)
    {
        if (!await LoadAsync(budgetId)) return NotOpened($"budgetId={budgetId}");
        if (!Guid.TryParse(Part, out var partId) || PartChoices.All(p => p.Item1 != Part))
            ModelState.AddModelError(nameof(Part), "Choose which part of the budget pays.");
        if (!TextInput.TryAmount(Amount, out var amount, out var problem)) ModelState.AddModelError(nameof(Amount), problem);
        var command = new RequestApproval.Command(Me.Actor, KeyFor(), partId, amount, Category?.Trim() ?? "", Payee?.Trim() ?? "", Description?.Trim() ?? "");
        if (!ModelState.IsValid)
        {
            await CheckShapeAsync(command, Fields, nameof(Amount));
            return Page();
        }
        var result = await Ledger.SendAsync(command, HttpContext.RequestAborted);
        return Accept(result, Fields) ? LocalRedirect($"/budgets/{budgetId}/approvals/{result.Value}?asked=true") : Page();
    }

    private async Task<bool> LoadAsync(Guid budgetId)
    {
        var budget = await Ledger.SendAsync(new BudgetSummary.Query(Me.Actor, budgetId, Today), HttpContext.RequestAborted);
        if (!Opened(budget)) return false;
        Caption = $"{budget.Value!.PersonName}, {budget.Value.PersonReference}";
        PartChoices = budget.Value.Parts.Select(p => (p.PartId.ToString(), $"Part {p.Position}: {SdsLedger.Web.Pages.Shared.Show.Option(p.Option)}, held by {p.Holder} ({p.Available} available)")).ToList();
        if (PartChoices.Count == 1) Part ??= PartChoices[0].Item1;
        return true;
    }
}

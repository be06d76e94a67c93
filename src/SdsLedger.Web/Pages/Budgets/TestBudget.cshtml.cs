using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;
using SdsLedger.Features.TestBudgets;

namespace SdsLedger.Web.Pages.Budgets;

/// <summary>
/// A social worker sets up a test budget for a person in recovery: a small amount, held by the council, for one to three
/// outcomes in the person's own words. It is active at once; the council's cap and time limit are the rules' to refuse.
/// </summary>
[Authorize(Roles = "social-worker")]
public sealed class TestBudgetModel : StaffPageModel
{
    [BindProperty] public string? Start { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public List<string?> Outcomes { get; set; } = [];
    [BindProperty] public List<string?> Categories { get; set; } = [];
    [BindProperty] public List<string?> Amounts { get; set; } = [];
    [BindProperty] public List<string?> Shares { get; set; } = [];

    public string PersonName { get; private set; } = "";

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Start), nameof(Amount), .. PlanFields.Names];

    public async Task<IActionResult> OnGetAsync(Guid personId)
    {
        if (!await LoadAsync(personId)) return NotOpened($"personId={personId}");
        Start = Today.ToString("dd/MM/yyyy", null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid personId)
    {
        if (!await LoadAsync(personId)) return NotOpened($"personId={personId}");
        var dateOk = TextInput.TryDate(Start, out var start);
        if (!dateOk) ModelState.AddModelError(nameof(Start), $"The first day ‘{Start?.Trim()}’ is not a date: {TextInput.DateHelp}.");
        var amountOk = TextInput.TryAmount(Amount, out var amount, out var problem);
        if (!amountOk) ModelState.AddModelError(nameof(Amount), problem);
        var (outcomes, categories, fields) = PlanFields.Read(Outcomes, Categories, Amounts, Shares, ModelState);
        fields["Start"] = nameof(Start);
        fields["Amount"] = nameof(Amount);
        var command = new CreateTestBudget.Command(Me.Actor, KeyFor(), personId, dateOk ? start : Today, amountOk ? amount : Money.FromPence(1),
            HolderKind.Council, null, outcomes, categories);
        if (!ModelState.IsValid)
        {
            await CheckShapeAsync(command, fields, [.. ModelState.Where(e => e.Value!.Errors.Count > 0).Select(e => e.Key)]);
            return Page();
        }
        var result = await Ledger.SendAsync(command, HttpContext.RequestAborted);
        return Accept(result, fields) ? LocalRedirect($"/budgets/{result.Value!.BudgetId}/progress?created=true") : Page();
    }

    private async Task<bool> LoadAsync(Guid personId)
    {
        var person = await Ledger.SendAsync(new PersonBudgets.Query(Me.Actor, personId, Today), HttpContext.RequestAborted);
        PersonName = person.Value?.Name ?? "";
        return Opened(person);
    }
}

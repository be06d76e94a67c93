using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Consent;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;
using SdsLedger.Features.TestBudgets;

namespace SdsLedger.Web.Pages.Peer;

/// <summary>
/// A person who consented, as their peer worker sees them: their budgets (with consent to see the summary), and their
/// test budgets, where the worker helps plan a purchase and writes progress notes in the person's own words (with
/// consent to act on a test budget). Anyone else is "not found".
/// </summary>
[Authorize(Roles = "recovery-worker")]
public sealed class PersonModel : StaffPageModel
{
    public ConsentedPerson? Person { get; private set; }
    public PersonBudgetsView? Budgets { get; private set; }
    public IReadOnlyList<TestBudgetPlanView> TestBudgets { get; private set; } = [];
    public string? Done { get; private set; }

    [BindProperty] public Guid BudgetId { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? What { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? WhatChanged { get; set; }
    [BindProperty] public string? OwnWords { get; set; }
    [BindProperty] public string? NoteOutcome { get; set; }

    public override IReadOnlyList<string> FormFields => [nameof(Outcome), nameof(What), nameof(Amount), nameof(Category), nameof(WhatChanged), nameof(OwnWords)];

    public async Task<IActionResult> OnGetAsync(Guid personId, string? done = null)
    {
        Done = done;
        return await LoadAsync(personId) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostPlanAsync(Guid personId)
    {
        if (!await LoadAsync(personId)) return NotFound();
        var budget = TestBudgets.FirstOrDefault(b => b.BudgetId == BudgetId);
        if (budget is null) return NotFound();
        var outcome = Guid.TryParse(Outcome, out var o) && budget.Outcomes.Any(x => x.Id == o) ? o : (Guid?)null;
        if (outcome is null) ModelState.AddModelError(nameof(Outcome), "Choose which of the person's outcomes this is for.");
        if (string.IsNullOrWhiteSpace(What)) ModelState.AddModelError(nameof(What), "Say what the person plans to buy.");
        if (!TextInput.TryAmount(Amount, out var amount, out var problem)) ModelState.AddModelError(nameof(Amount), $"How much: {problem}");
        var category = budget.Categories.Count == 1 ? budget.Categories[0] : Category;
        if (string.IsNullOrWhiteSpace(category) || !budget.Categories.Contains(category))
            ModelState.AddModelError(nameof(Category), "Choose what kind of spending this is, from the person's plan.");
        if (ModelState.ErrorCount > 0) return Page();
        if (Accept(await Ledger.SendAsync(new PlanPurchase.Command(Me.Actor, KeyFor("plan"), BudgetId, outcome!.Value, What!.Trim(), amount, category!, Today),
                HttpContext.RequestAborted),
                new Dictionary<string, string> { ["Description"] = nameof(What), ["Amount"] = nameof(Amount), ["Category"] = nameof(Category), ["OutcomeId"] = nameof(Outcome) }))
            return LocalRedirect($"/peer/{personId}?done=planned");
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync(Guid personId)
    {
        if (!await LoadAsync(personId)) return NotFound();
        var budget = TestBudgets.FirstOrDefault(b => b.BudgetId == BudgetId);
        if (budget is null) return NotFound();
        Guid? outcome = Guid.TryParse(NoteOutcome, out var o) && budget.Outcomes.Any(x => x.Id == o) ? o : null;
        if (string.IsNullOrWhiteSpace(WhatChanged)) ModelState.AddModelError(nameof(WhatChanged), "Write what has changed.");
        if (ModelState.ErrorCount > 0) return Page();
        if (Accept(await Ledger.SendAsync(new RecordProgress.Command(Me.Actor, KeyFor("note"), BudgetId, Today, WhatChanged!.Trim(),
                    string.IsNullOrWhiteSpace(OwnWords) ? null : OwnWords.Trim(), false, outcome), HttpContext.RequestAborted),
                new Dictionary<string, string> { ["WhatChanged"] = nameof(WhatChanged), ["InOwnWords"] = nameof(OwnWords) }))
            return LocalRedirect($"/peer/{personId}?done=noted");
        return Page();
    }

    private async Task<bool> LoadAsync(Guid personId)
    {
        // Only a person whose current consent names this worker is found at all; anyone else reads as "not found".
        var people = await Ledger.SendAsync(new ConsentedPeople.Query(Me.Actor), HttpContext.RequestAborted);
        Person = people.Succeeded ? people.Value!.FirstOrDefault(p => p.PersonId == personId) : null;
        if (Person is null) return false;
        var budgets = await Ledger.SendAsync(new PersonBudgets.Query(Me.Actor, personId, Today), HttpContext.RequestAborted);
        if (!budgets.Succeeded) return false;
        Budgets = budgets.Value;
        if (!Person.ActOnTestBudget) return true;
        var views = new List<TestBudgetPlanView>();
        foreach (var b in Budgets!.Budgets.Where(b => b.IsTest))
        {
            var plan = await Ledger.SendAsync(new TestBudgetPlan.Query(Me.Actor, b.BudgetId), HttpContext.RequestAborted);
            if (plan.Succeeded) views.Add(plan.Value!);
        }
        TestBudgets = views;
        return true;
    }
}

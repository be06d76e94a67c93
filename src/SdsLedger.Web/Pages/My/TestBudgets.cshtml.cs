using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.People;
using SdsLedger.Features.Shared;
using SdsLedger.Features.TestBudgets;

namespace SdsLedger.Web.Pages.My;

/// <summary>
/// "Trying things out": the person's test budgets, the outcomes they chose, what they plan to buy for each, and their
/// progress in their own words. They plan a purchase and add a note here.
/// </summary>
public sealed class TestBudgetsModel : PersonPageModel
{
    public IReadOnlyList<TestBudgetPlanView> Budgets { get; private set; } = [];
    public bool Planned { get; private set; }
    public bool Noted { get; private set; }

    [BindProperty] public Guid BudgetId { get; set; }
    [BindProperty] public string? Outcome { get; set; }
    [BindProperty] public string? What { get; set; }
    [BindProperty] public string? Amount { get; set; }
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? NoteOutcome { get; set; }

    public async Task<IActionResult> OnGetAsync(bool planned = false, bool noted = false)
    {
        (Planned, Noted) = (planned, noted);
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostPlanAsync()
    {
        await LoadAsync();
        var budget = Budgets.FirstOrDefault(b => b.BudgetId == BudgetId);
        if (budget is null) return NotFound();
        var outcome = Guid.TryParse(Outcome, out var o) && budget.Outcomes.Any(x => x.Id == o) ? o : (Guid?)null;
        if (outcome is null) ModelState.AddModelError(nameof(Outcome), "Choose which of your outcomes this is for.");
        if (string.IsNullOrWhiteSpace(What)) ModelState.AddModelError(nameof(What), "Say what you plan to buy.");
        if (!TextInput.TryAmount(Amount, out var amount, out var problem)) ModelState.AddModelError(nameof(Amount), $"How much: {problem}");
        var category = budget.Categories.Count == 1 ? budget.Categories[0] : Category;
        if (string.IsNullOrWhiteSpace(category) || !budget.Categories.Contains(category))
            ModelState.AddModelError(nameof(Category), "Choose what kind of spending this is.");
        if (ModelState.ErrorCount > 0) return Page();
        if (Accept(await Ledger.SendAsync(new PlanPurchase.Command(Me.Actor, KeyFor("plan"), BudgetId, outcome!.Value, What!.Trim(), amount, category!, Today),
                HttpContext.RequestAborted),
                new Dictionary<string, string> { ["Description"] = nameof(What), ["Amount"] = nameof(Amount), ["Category"] = nameof(Category), ["OutcomeId"] = nameof(Outcome) }))
            return LocalRedirect("/my/test-budgets?planned=true");
        return Page();
    }

    public async Task<IActionResult> OnPostNoteAsync()
    {
        await LoadAsync();
        var budget = Budgets.FirstOrDefault(b => b.BudgetId == BudgetId);
        if (budget is null) return NotFound();
        Guid? outcome = Guid.TryParse(NoteOutcome, out var o) && budget.Outcomes.Any(x => x.Id == o) ? o : null;
        if (string.IsNullOrWhiteSpace(Note)) ModelState.AddModelError(nameof(Note), "Write how things are going, in your own words.");
        if (ModelState.ErrorCount > 0) return Page();
        if (Accept(await Ledger.SendAsync(new RecordProgress.Command(Me.Actor, KeyFor("note"), BudgetId, Today, Note!.Trim(), Note.Trim(), false, outcome),
                HttpContext.RequestAborted),
                new Dictionary<string, string> { ["WhatChanged"] = nameof(Note), ["InOwnWords"] = nameof(Note) }))
            return LocalRedirect("/my/test-budgets?noted=true");
        return Page();
    }

    private async Task LoadAsync()
    {
        var mine = await Ledger.SendAsync(new PersonBudgets.Query(Me.Actor, Me.PersonId, Today), HttpContext.RequestAborted);
        if (!mine.Succeeded) return;
        var views = new List<TestBudgetPlanView>();
        foreach (var b in mine.Value!.Budgets.Where(b => b.IsTest))
        {
            var plan = await Ledger.SendAsync(new TestBudgetPlan.Query(Me.Actor, b.BudgetId), HttpContext.RequestAborted);
            if (plan.Succeeded) views.Add(plan.Value!);
        }
        Budgets = views;
    }
}

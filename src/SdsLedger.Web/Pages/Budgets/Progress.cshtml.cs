using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Shared;
using SdsLedger.Features.TestBudgets;

namespace SdsLedger.Web.Pages.Budgets;

/// <summary>A dated progress note on a budget's outcomes: what changed, and what the person said in their own words.</summary>
[Authorize(Roles = "social-worker")]
public sealed class ProgressModel : StaffPageModel
{
    [BindProperty] public string? NotedOn { get; set; }
    [BindProperty] public string? WhatChanged { get; set; }
    [BindProperty] public string? InOwnWords { get; set; }

    public BudgetSummaryView? View { get; private set; }
    public bool Created { get; private set; }
    public bool Noted { get; private set; }

    public override IReadOnlyList<string> FormFields { get; } = [nameof(NotedOn), nameof(WhatChanged), nameof(InOwnWords)];

    public async Task<IActionResult> OnGetAsync(Guid budgetId, bool created = false, bool noted = false)
    {
        (Created, Noted) = (created, noted);
        if (!await LoadAsync(budgetId)) return NotOpened($"budgetId={budgetId}");
        NotedOn = Today.ToString("dd/MM/yyyy", null);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid budgetId)
    {
        if (!await LoadAsync(budgetId)) return NotOpened($"budgetId={budgetId}");
        var dateOk = TextInput.TryDate(NotedOn, out var notedOn);
        if (!dateOk) ModelState.AddModelError(nameof(NotedOn), $"The day ‘{NotedOn?.Trim()}’ is not a date: {TextInput.DateHelp}.");
        var fields = new Dictionary<string, string> { ["NotedOn"] = nameof(NotedOn), ["WhatChanged"] = nameof(WhatChanged), ["InOwnWords"] = nameof(InOwnWords) };
        var command = new RecordProgress.Command(Me.Actor, KeyFor(), budgetId, dateOk ? notedOn : Today, WhatChanged?.Trim() ?? "",
            string.IsNullOrWhiteSpace(InOwnWords) ? null : InOwnWords.Trim());
        if (!dateOk)
        {
            await CheckShapeAsync(command, fields, nameof(NotedOn));
            return Page();
        }
        var result = await Ledger.SendAsync(command, HttpContext.RequestAborted);
        return Accept(result, fields) ? LocalRedirect($"/budgets/{budgetId}/progress?noted=true") : Page();
    }

    private async Task<bool> LoadAsync(Guid budgetId)
    {
        var result = await Ledger.SendAsync(new BudgetSummary.Query(Me.Actor, budgetId, Today), HttpContext.RequestAborted);
        View = result.Value;
        return Opened(result);
    }
}

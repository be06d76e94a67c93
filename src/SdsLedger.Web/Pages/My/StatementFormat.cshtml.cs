using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.People;
using SdsLedger.Features.Statements;

namespace SdsLedger.Web.Pages.My;

/// <summary>
/// The person changes the format of their statements (standard print, large print or Easy Read) and, where their council
/// offers it, whether their test budget statements may say the budget is for their recovery.
/// </summary>
public sealed class StatementFormatModel : PersonPageModel
{
    public IReadOnlyList<(string Value, string Label)> Options { get; } =
        StatementFormats.All.Select(f => (f.Code(), MyFormats.Name(f) switch { var n => char.ToUpperInvariant(n[0]) + n[1..] })).ToList();

    public static IReadOnlyList<(string Value, string Label)> WordingOptions { get; } =
    [
        ("private", "No, keep it private"),
        ("names-recovery", "Yes, say it is for my recovery"),
    ];

    public StatementFormat Current { get; private set; }
    public StatementWordingView Wording { get; private set; } = new(false, false);
    public bool HasTestBudget { get; private set; }
    public bool Changed { get; private set; }
    public bool WordingChanged { get; private set; }

    [BindProperty]
    public string? Format { get; set; }

    [BindProperty]
    public string? Recovery { get; set; }

    public async Task<IActionResult> OnGetAsync(bool changed = false, bool wordingChanged = false)
    {
        Changed = changed;
        WordingChanged = wordingChanged;
        return await LoadAsync() ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostWordingAsync()
    {
        if (Recovery is not ("private" or "names-recovery"))
        {
            ModelState.AddModelError(nameof(Recovery), "Choose whether your statements may say your test budget is for your recovery.");
            await LoadAsync();
            return Page();
        }
        var chosen = new ChangeStatementWording.Command(Me.Actor, KeyFor("wording"), Me.PersonId, Recovery == "names-recovery");
        if (Accept(await Ledger.SendAsync(chosen, HttpContext.RequestAborted)))
            return LocalRedirect("/my/statement-format?wordingChanged=true");
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!StatementFormats.TryParse(Format, out var format) || string.IsNullOrWhiteSpace(Format))
        {
            ModelState.AddModelError(nameof(Format), "Choose how you would like your statements.");
            await LoadAsync();
            return Page();
        }
        if (Accept(await Ledger.SendAsync(new ChangeStatementFormat.Command(Me.Actor, KeyFor(), Me.PersonId, format), HttpContext.RequestAborted)))
            return LocalRedirect("/my/statement-format?changed=true");
        await LoadAsync();
        return Page();
    }

    private async Task<bool> LoadAsync()
    {
        var budgets = await Ledger.SendAsync(new PersonBudgets.Query(Me.Actor, Me.PersonId, Today), HttpContext.RequestAborted);
        if (!budgets.Succeeded) return false;
        HasTestBudget = budgets.Value!.Budgets.Any(b => b.IsTest);
        var wording = await Ledger.SendAsync(new StatementWording.Query(Me.Actor, Me.PersonId), HttpContext.RequestAborted);
        if (wording.Succeeded) Wording = wording.Value!;
        Current = StatementFormat.Standard;
        if (budgets.Value!.Budgets.FirstOrDefault() is { } first)
        {
            var s = await Ledger.SendAsync(new PersonStatement.Query(Me.Actor, first.BudgetId, first.Start, first.Start), HttpContext.RequestAborted);
            if (s.Succeeded) Current = s.Value!.Format;
        }
        return true;
    }
}

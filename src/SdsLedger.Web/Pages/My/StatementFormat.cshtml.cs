using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.People;
using SdsLedger.Features.Statements;

namespace SdsLedger.Web.Pages.My;

/// <summary>The person changes the format of their statements: standard print, large print or Easy Read.</summary>
public sealed class StatementFormatModel : PersonPageModel
{
    public IReadOnlyList<(string Value, string Label)> Options { get; } =
        StatementFormats.All.Select(f => (f.Code(), MyFormats.Name(f) switch { var n => char.ToUpperInvariant(n[0]) + n[1..] })).ToList();

    public StatementFormat Current { get; private set; }
    public bool Changed { get; private set; }

    [BindProperty]
    public string? Format { get; set; }

    public async Task<IActionResult> OnGetAsync(bool changed = false)
    {
        Changed = changed;
        return await LoadAsync() ? Page() : NotFound();
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
        Current = StatementFormat.Standard;
        if (budgets.Value!.Budgets.FirstOrDefault() is { } first)
        {
            var s = await Ledger.SendAsync(new PersonStatement.Query(Me.Actor, first.BudgetId, first.Start, first.Start), HttpContext.RequestAborted);
            if (s.Succeeded) Current = s.Value!.Format;
        }
        return true;
    }
}

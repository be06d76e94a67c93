using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Features.Access;
using SdsLedger.Features.Shared;

namespace SdsLedger.Web.Pages.People;

/// <summary>
/// Break the glass: a social worker gives a reason before opening the record of someone not on their caseload, then goes
/// back to the page they were opening. The record is named by the person or one of their budgets.
/// </summary>
[Authorize(Roles = "social-worker")]
public sealed class OpenRecordModel : StaffPageModel
{
    private static readonly Dictionary<string, string> Fields = new() { ["Reason"] = nameof(Reason) };

    [BindProperty(SupportsGet = true)] public Guid? PersonId { get; set; }
    [BindProperty(SupportsGet = true)] public Guid? BudgetId { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public int OpenHours => (int)LeastAccess.OpenFor.TotalHours;
    public int MaxReason => BreakTheGlass.MaxReason;

    public override IReadOnlyList<string> FormFields { get; } = [nameof(Reason)];

    public IActionResult OnGet() => PersonId is null && BudgetId is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (PersonId is null && BudgetId is null) return NotFound();
        var result = await Ledger.SendAsync(new BreakTheGlass.Command(Me.Actor, KeyFor(), PersonId, BudgetId, Reason?.Trim() ?? ""), HttpContext.RequestAborted);
        if (!Accept(result, Fields))
        {
            if (result.Refusal is not null) return NotFound();
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl)) return LocalRedirect(ReturnUrl);
        return LocalRedirect(BudgetId is { } budget ? $"/budgets/{budget}" : $"/people/{result.Value!.PersonId}");
    }
}

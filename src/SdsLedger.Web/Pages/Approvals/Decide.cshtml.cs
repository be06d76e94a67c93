using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SdsLedger.Domain;
using SdsLedger.Features.Approvals;

namespace SdsLedger.Web.Pages.Approvals;

/// <summary>An approval request: a second person (never the one who asked) approves or rejects it; auditors only read it.</summary>
[Authorize(Roles = "social-worker,council-finance,auditor")]
public sealed class DecideModel : StaffPageModel
{
    [BindProperty] public string? Note { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public Guid BudgetId { get; private set; }
    public ApprovalRequest? Approval { get; private set; }
    public bool Asked { get; private set; }
    public bool Decided { get; private set; }
    public bool MayDecide => Me.Role != Role.Auditor;

    public async Task<IActionResult> OnGetAsync(Guid budgetId, Guid approvalId, bool asked = false, bool decided = false)
    {
        (Asked, Decided) = (asked, decided);
        return await LoadAsync(budgetId, approvalId) ? Page() : NotOpened($"budgetId={budgetId}");
    }

    public async Task<IActionResult> OnPostApproveAsync(Guid budgetId, Guid approvalId)
    {
        if (!MayDecide) return Forbid();
        var result = await Ledger.SendAsync(new ApproveSpend.Command(Me.Actor, KeyFor(), approvalId, string.IsNullOrWhiteSpace(Note) ? null : Note.Trim()), HttpContext.RequestAborted);
        return await AfterAsync(result.Succeeded ? null : result, budgetId, approvalId, new Dictionary<string, string> { ["Note"] = nameof(Note) });
    }

    public async Task<IActionResult> OnPostRejectAsync(Guid budgetId, Guid approvalId)
    {
        if (!MayDecide) return Forbid();
        var result = await Ledger.SendAsync(new RejectSpend.Command(Me.Actor, KeyFor(), approvalId, Reason?.Trim() ?? ""), HttpContext.RequestAborted);
        return await AfterAsync(result.Succeeded ? null : result, budgetId, approvalId, new Dictionary<string, string> { ["Reason"] = nameof(Reason) });
    }

    private async Task<IActionResult> AfterAsync(Pipeline.Result<ApprovalDecision>? failed, Guid budgetId, Guid approvalId, Dictionary<string, string> fields)
    {
        if (failed is null) return LocalRedirect($"/budgets/{budgetId}/approvals/{approvalId}?decided=true");
        Accept(failed, fields);
        return await LoadAsync(budgetId, approvalId) ? Page() : NotOpened($"budgetId={budgetId}");
    }

    private async Task<bool> LoadAsync(Guid budgetId, Guid approvalId)
    {
        BudgetId = budgetId;
        var result = await Ledger.SendAsync(new BudgetApprovals.Query(Me.Actor, budgetId), HttpContext.RequestAborted);
        Opened(result);
        Approval = result.Value?.Requests.FirstOrDefault(r => r.ApprovalId == approvalId);
        return Approval is not null;
    }
}

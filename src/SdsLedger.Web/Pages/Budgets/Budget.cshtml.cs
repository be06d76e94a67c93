using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Approvals;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.Spending;
using SdsLedger.Features.Statements;

namespace SdsLedger.Web.Pages.Budgets;

/// <summary>One line of a budget's history: money in (payments to the holder) or out (purchases, returns).</summary>
public sealed record HistoryLine(LocalDate Date, string What, string In, string Out);

/// <summary>A budget's page: its figures, parts, the history of its money so far, and the person's statement by month.</summary>
[Authorize(Roles = "social-worker,council-finance,auditor")]
public sealed class BudgetModel : StaffPageModel
{
    public BudgetSummaryView? View { get; private set; }
    public IReadOnlyList<HistoryLine>? History { get; private set; }
    public LocalDate AsOf { get; private set; }
    public LocalDate HistoryTo { get; private set; }
    public bool Created { get; private set; }
    public IReadOnlyList<ApprovalRequest> Approvals { get; private set; } = [];
    public IReadOnlyList<EvidenceItem> Evidence { get; private set; } = [];

    /// <summary>The budget's spends, to attach a receipt or invoice to one (social workers and finance officers; not auditors).</summary>
    public IReadOnlyList<RecordedSpend> Spends { get; private set; } = [];

    /// <summary>The first day of each month of the period up to today, for the statement.</summary>
    public IReadOnlyList<LocalDate> Months { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid budgetId, bool created = false)
    {
        (AsOf, Created) = (Today, created);
        var result = await Ledger.SendAsync(new BudgetSummary.Query(Me.Actor, budgetId, AsOf), HttpContext.RequestAborted);
        if (!Opened(result)) return NotOpened($"budgetId={budgetId}");
        View = result.Value!;
        HistoryTo = AsOf < View.End ? (AsOf < View.Start ? View.Start : AsOf) : View.End;
        var statement = await Ledger.SendAsync(new PersonStatement.Query(Me.Actor, budgetId, View.Start, HistoryTo), HttpContext.RequestAborted);
        if (statement.Succeeded) History = HistoryOf(statement.Value!);
        var approvals = await Ledger.SendAsync(new BudgetApprovals.Query(Me.Actor, budgetId), HttpContext.RequestAborted);
        if (approvals.Succeeded) Approvals = approvals.Value!.Requests;
        var evidence = await Ledger.SendAsync(new BudgetEvidence.Query(Me.Actor, budgetId), HttpContext.RequestAborted);
        if (evidence.Succeeded) Evidence = evidence.Value!;
        if (Me.Actor.Role is not Role.Auditor
            && (await Ledger.SendAsync(new BudgetSpends.Query(Me.Actor, budgetId), HttpContext.RequestAborted)).Value is { } spends)
            Spends = spends.Spends;
        var months = new List<LocalDate>();
        for (var m = View.Start.With(DateAdjusters.StartOfMonth); m <= HistoryTo; m = m.PlusMonths(1)) months.Add(m);
        Months = months;
        return Page();
    }

    private static List<HistoryLine> HistoryOf(StatementView statement) =>
        statement.Parts.SelectMany(p =>
                p.MoneyIn.Select(l => new HistoryLine(l.Date, $"Part {p.Position}: {l.Description}", l.Amount.ToString(), ""))
                    .Concat(p.Purchases.Select(l => new HistoryLine(l.Date, $"Part {p.Position}: {l.What} ({l.Payee}, {l.Category})", "", l.Amount.ToString())))
                    .Concat(p.Returned.Concat(p.OtherOut.Select(o => new ReturnLine(o.Date, o.Amount, o.Description)))
                        .Select(l => new HistoryLine(l.Date, $"Part {p.Position}: {l.Description}", "", l.Amount.ToString()))))
            .OrderBy(l => l.Date)
            .ToList();
}

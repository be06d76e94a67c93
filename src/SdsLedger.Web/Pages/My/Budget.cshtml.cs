using Microsoft.AspNetCore.Mvc;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Budgets;
using SdsLedger.Features.People;
using SdsLedger.Features.Spending;
using SdsLedger.Features.Statements;

namespace SdsLedger.Web.Pages.My;

/// <summary>One of the person's budgets as their page shows it: the figures, who holds each part, the next payments, what was bought.</summary>
public sealed record MyBudgetView(BudgetSummaryView Summary, IReadOnlyList<NextPayment> Next, IReadOnlyList<PurchaseLine> Bought,
                                  IReadOnlyList<SetAsideLine> SetAside, IReadOnlyList<LocalDate> Months, IReadOnlyList<EvidenceItem> Receipts)
{
    public NextPayment? Soonest => Next.Where(n => n.Due is not null).OrderBy(n => n.Due).FirstOrDefault();

    /// <summary>All parts paid on the soonest day, added together.</summary>
    public Money SoonestAmount => Soonest is { } s ? Next.Where(n => n.Due == s.Due).Aggregate(Money.Zero, (sum, n) => sum + n.Amount) : Money.Zero;
}

/// <summary>
/// "My budget": what is left to spend, what was bought and when, what is set aside, the next payment and its date, each
/// explained in one plain sentence; the statement to download in the person's format.
/// </summary>
public sealed class BudgetModel : PersonPageModel
{
    public IReadOnlyList<MyBudgetView> Budgets { get; private set; } = [];
    public StatementFormat Format { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        var mine = await Ledger.SendAsync(new PersonBudgets.Query(Me.Actor, Me.PersonId, Today), ct);
        if (!mine.Succeeded) return NotFound();
        var views = new List<MyBudgetView>();
        foreach (var budget in mine.Value!.Budgets.Where(b => !b.IsTest && b.Status != "draft"))
        {
            var summary = await Ledger.SendAsync(new BudgetSummary.Query(Me.Actor, budget.BudgetId, Today), ct);
            var next = await Ledger.SendAsync(new NextPayments.Query(Me.Actor, budget.BudgetId, Today), ct);
            var to = Today < budget.End ? (Today < budget.Start ? budget.Start : Today) : budget.End;
            var statement = await Ledger.SendAsync(new PersonStatement.Query(Me.Actor, budget.BudgetId, budget.Start, to), ct);
            var receipts = await Ledger.SendAsync(new BudgetEvidence.Query(Me.Actor, budget.BudgetId), ct);
            if (!summary.Succeeded || !next.Succeeded || !statement.Succeeded || !receipts.Succeeded) continue;
            Format = statement.Value!.Format;
            var months = new List<LocalDate>();
            for (var m = budget.Start.With(DateAdjusters.StartOfMonth); m <= to; m = m.PlusMonths(1)) months.Add(m);
            months.Reverse();
            views.Add(new MyBudgetView(summary.Value!, next.Value!,
                statement.Value.Parts.SelectMany(p => p.Purchases).OrderByDescending(p => p.Date).ToList(),
                statement.Value.Parts.SelectMany(p => p.SetAside).ToList(), months, receipts.Value!));
        }
        Budgets = views;
        return Page();
    }

    public string FormatName(StatementFormat format) => MyFormats.Name(format);

    /// <summary>One sentence saying who looks after a part's money, with the official word explained beside it.</summary>
    public static string WhoHolds(PartSummary part, HolderKind holder) => holder switch
    {
        HolderKind.Person => $"You look after {part.Amount} of it yourself, in your own bank account or card. (This is called a direct payment.)",
        HolderKind.ThirdParty => $"{part.Holder} looks after {part.Amount} of it for you. (This is called a direct payment, paid to someone you named.)",
        HolderKind.Organisation => $"{part.Holder} looks after {part.Amount} of it for you. (This is called option 2: an organisation you chose holds the money and buys your support as you ask.)",
        _ => part.Option == SdsOption.CouncilArranged
            ? $"The council uses {part.Amount} of it to arrange support for you. (This is called option 3: the council arranges it.)"
            : $"The council looks after {part.Amount} of it for you and buys your support as you ask. (This is called option 2.)",
    };
}

/// <summary>The statement formats in words a person uses.</summary>
public static class MyFormats
{
    public static string Name(StatementFormat format) => format switch
    {
        StatementFormat.LargePrint => "large print",
        StatementFormat.EasyRead => "Easy Read (short sentences with pictures)",
        _ => "standard print",
    };
}

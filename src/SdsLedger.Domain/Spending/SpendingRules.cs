using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;
using SdsLedger.Domain.Budgets;

namespace SdsLedger.Domain.Spending;

/// <summary>One spending rule: a stable code and a check that explains itself in plain English when it refuses.</summary>
public interface ISpendingRule
{
    string Code { get; }
    Refusal? Check(SpendAttempt attempt);
}

/// <summary>The rules every spend and commitment passes, in the order a person would want to hear about them.</summary>
public static class SpendingRules
{
    public static IReadOnlyList<ISpendingRule> All { get; } =
    [
        new HolderRule(),
        new PeriodClosedRule(),
        new OutsidePeriodRule(),
        new FutureDateRule(),
        new TestBudgetTimeLimitRule(),
        new ExcludedPurposeRule(),
        new OutsidePlanRule(),
        new OverPlanAmountRule(),
        new FamilyPayeeRule(),
        new FundsRule(),
        new ApprovalRule(),
        new DuplicateRule(),
    ];

    /// <summary>The first rule that refuses, or null when the spend may go ahead.</summary>
    public static Refusal? Evaluate(SpendAttempt attempt) =>
        All.Select(r => r.Check(attempt)).FirstOrDefault(r => r is not null);

    internal static string Day(LocalDate date) =>
        LocalDatePattern.Create("d MMMM yyyy", CultureInfo.InvariantCulture).Format(date);
}

/// <summary>Rule 5: only the part's holder may spend from it; a provider cannot touch a direct payment.</summary>
public sealed class HolderRule : ISpendingRule
{
    public string Code => RefusalCodes.NotHolder;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var p = a.Part;
        var allowed = a.Actor.Role switch
        {
            Role.ServiceUser => p.Holder is HolderKind.Person or HolderKind.ThirdParty && a.Actor.PersonId == p.PersonId,
            Role.Provider => p.Holder == HolderKind.Organisation && a.Actor.OrganisationId == p.HolderOrganisationId,
            // Council staff record direct-payment spending from bank or card statements, and spend what the council holds.
            Role.CouncilFinance => a.Actor.CouncilId == p.CouncilId && p.Holder != HolderKind.Organisation,
            Role.SocialWorker => a.Actor.CouncilId == p.CouncilId && p.Holder == HolderKind.Council,
            Role.RecoveryWorker => a.Actor.OrganisationId is not null && p.Holder == HolderKind.Organisation
                                   && a.Actor.OrganisationId == p.HolderOrganisationId,
            _ => false,
        };
        if (allowed) return null;
        var holder = p.Holder switch
        {
            HolderKind.Person => "the person, as a direct payment",
            HolderKind.ThirdParty => "a nominated third party, as a direct payment",
            HolderKind.Council => "the council",
            _ => "the organisation the person chose",
        };
        return new Refusal(Code, $"This money is held by {holder}, so {a.Actor.Name} ({a.Actor.RoleText}) cannot spend it. Only the holder can.");
    }
}

/// <summary>Rule 2b: nothing is spent in a period that has been closed or a budget that has ended.</summary>
public sealed class PeriodClosedRule : ISpendingRule
{
    public string Code => RefusalCodes.PeriodClosed;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Part.PeriodClosed)
            return new Refusal(Code, $"The budget period {SpendingRules.Day(a.Part.Period.Start)} to {SpendingRules.Day(a.Part.Period.End)} has been closed, so nothing more can be spent from it.");
        if (!a.Part.Active)
            return new Refusal(Code, "This budget is not active (it is still a draft or has ended), so nothing can be spent from it.");
        return null;
    }
}

/// <summary>Rule 2a: the spend's date is inside the budget period.</summary>
public sealed class OutsidePeriodRule : ISpendingRule
{
    public string Code => RefusalCodes.OutsidePeriod;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.Part.Period.Contains(a.Date)
            ? null
            : new Refusal(Code, $"The date {SpendingRules.Day(a.Date)} is outside this budget's period, {SpendingRules.Day(a.Part.Period.Start)} to {SpendingRules.Day(a.Part.Period.End)}.");
    }
}

/// <summary>Rule 7 (time): a test budget is spent within the council's time limit.</summary>
public sealed class TestBudgetTimeLimitRule : ISpendingRule
{
    public string Code => RefusalCodes.TestBudgetCap;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (!a.Part.IsTestBudget) return null;
        var limit = a.Part.Period.Start.PlusWeeks(a.Rules.TestBudgetWeeks).PlusDays(-1);
        return a.Date <= limit
            ? null
            : new Refusal(Code, $"Test budgets last {a.Rules.TestBudgetWeeks} weeks here; this one ended on {SpendingRules.Day(limit)}, before {SpendingRules.Day(a.Date)}.");
    }
}

/// <summary>
/// Rule 4: not an excluded purpose, as the council lists them: the category, any of the purpose's words or phrases in the
/// payee or description (matched on their stems, so "bets" and "betting" are "bet"), or a merchant category code a card
/// platform reported. A wrong match goes ahead only with a second person's approval that names it as one.
/// </summary>
public sealed class ExcludedPurposeRule : ISpendingRule
{
    public string Code => RefusalCodes.ExcludedPurpose;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var stems = SpendWords.Stems(a.Payee, a.Description);
        foreach (var name in a.Rules.ExcludedPurposes)
        {
            var purpose = a.Excluded.FirstOrDefault(p => p.Name == name) ?? ExcludedPurposes.For(name, [], []);
            var why = Why(a, purpose, stems);
            if (why is null) continue;
            if (a.Approval is { } approval && approval.WrongMatch == name && Covers(approval, a)) return null;
            return new Refusal(Code,
                $"The council does not allow budgets to be spent on {name.Replace('-', ' ')}, and this spend reads as that ({why}). " +
                "If it is not what the money is for, a second person can approve it as a wrong match, saying why.");
        }
        return null;
    }

    private static string? Why(SpendAttempt a, ExcludedPurpose purpose, IReadOnlyList<string> stems)
    {
        if (string.Equals(purpose.Name, a.Category, StringComparison.OrdinalIgnoreCase)) return $"its category is {a.Category}";
        if (a.MerchantCode is { } code && purpose.MerchantCodes.Contains(code)) return $"the card's merchant category code is {code}";
        var found = purpose.Terms.Where(t => SpendWords.Contains(stems, SpendWords.Stems(t))).ToList();
        return found.Count == 0 ? null : $"it says '{string.Join("', '", found.Take(3))}'";
    }

    internal static bool Covers(GrantedApproval approval, SpendAttempt a) =>
        approval.Amount >= a.Amount
        && string.Equals(approval.Payee.Trim(), a.Payee.Trim(), StringComparison.OrdinalIgnoreCase)
        && string.Equals(approval.Category, a.Category, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Rule 2c: a spend is recorded once it has happened; money for the future is set aside as a commitment.</summary>
public sealed class FutureDateRule : ISpendingRule
{
    public string Code => RefusalCodes.FutureDate;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return a.IsPlanned || a.Date <= a.Today
            ? null
            : new Refusal(Code, $"A spend is recorded once it has happened, and {SpendingRules.Day(a.Date)} is after today ({SpendingRules.Day(a.Today)}). " +
                                "To keep money for something ahead, set it aside as a commitment.");
    }
}

/// <summary>Rule 3b: a category the plan gave an amount or a share is not spent past it.</summary>
public sealed class OverPlanAmountRule : ISpendingRule
{
    public string Code => RefusalCodes.OverPlanAmount;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Limit is not { } limit || limit.SpentOrSetAside + a.Amount <= limit.Limit) return null;
        return new Refusal(Code,
            $"This would take {a.Category} to {limit.SpentOrSetAside + a.Amount}, past the {limit.Agreed} the support plan agreed for it " +
            $"({limit.SpentOrSetAside} spent or set aside so far, {Money.Max(Money.Zero, limit.Limit - limit.SpentOrSetAside)} left). " +
            "The social worker can change the plan with the person.");
    }
}

/// <summary>Rule 3: the category is one the support plan agreed.</summary>
public sealed class OutsidePlanRule : ISpendingRule
{
    public string Code => RefusalCodes.OutsidePlan;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.PlanCategories.Contains(a.Category, StringComparer.OrdinalIgnoreCase)) return null;
        var agreed = a.PlanCategories.Count == 0 ? "none yet" : string.Join(", ", a.PlanCategories.Order(StringComparer.Ordinal));
        return new Refusal(Code, $"'{a.Category}' is not in the agreed support plan (agreed: {agreed}). The social worker can add it to the plan with the person.");
    }
}

/// <summary>Rule 8: paying a family member needs a recorded council agreement.</summary>
public sealed class FamilyPayeeRule : ISpendingRule
{
    public string Code => RefusalCodes.FamilyPayeeUnagreed;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.FamilyAgreementRecorded) return null;
        var member = Member(a);
        if (member is null && !a.PayeeIsFamily) return null;
        var who = member is null ? $"{a.Payee} is a family member" : $"{a.Payee} is the person's {member.Relationship}{(member.SameHousehold ? ", in their household" : "")}";
        return new Refusal(Code, $"{who}. Paying family needs the council's agreement and reason on record first; ask the social worker to record it.");
    }

    /// <summary>The family member the payee names: every word of their name is in the payee's ("Mary Test", "Mrs M Test" does not).</summary>
    internal static FamilyMember? Member(SpendAttempt a)
    {
        var payee = SpendWords.Name(a.Payee).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return a.Family.FirstOrDefault(m => SpendWords.Name(m.Name).Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } name
                                            && name.All(payee.Contains));
    }
}

/// <summary>Rule 1: enough available, counting money already set aside.</summary>
public sealed class FundsRule : ISpendingRule
{
    public string Code => RefusalCodes.InsufficientFunds;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Amount <= a.Available) return null;
        var setAside = a.SetAside.Aggregate(Money.Zero, (s, x) => s + x.Amount);
        var why = a.SetAside.Count switch
        {
            0 => "",
            1 => $" ({setAside} is set aside for {a.SetAside[0].Description})",
            _ => $" ({setAside} is set aside for {string.Join(", ", a.SetAside.Take(3).Select(x => x.Description))}{(a.SetAside.Count > 3 ? " and more" : "")})",
        };
        return new Refusal(Code, $"This would spend {a.Amount} but only {a.Available} is available{why}.");
    }
}

/// <summary>Rule 6: above the council's threshold, a second person approves first (four eyes).</summary>
public sealed class ApprovalRule : ISpendingRule
{
    public string Code => RefusalCodes.NeedsApproval;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        // The threshold is for what one payee gets within the council's window, so a spend split in two is still seen whole;
        // spends that were approved themselves do not count again.
        var window = a.EarlierSpends.Where(s => !s.Approved && string.Equals(s.Payee.Trim(), a.Payee.Trim(), StringComparison.OrdinalIgnoreCase)
                                                 && Math.Abs(Period.Between(s.Date, a.Date, PeriodUnits.Days).Days) <= a.Rules.ApprovalWindowDays).ToList();
        var total = window.Aggregate(a.Amount, (sum, s) => sum + s.Amount);
        if (total <= a.Rules.ApprovalThreshold) return null;
        var approval = a.Approval;
        if (approval is not null && ExcludedPurposeRule.Covers(approval, a))
        {
            return approval.ApprovedBy == approval.RequestedBy
                ? new Refusal(RefusalCodes.ApproverIsRequester, "The same person asked for and approved this spend. A second person must approve it.")
                : null;
        }
        var detail = approval is null
            ? "Ask for approval first; a second person (not the one asking) approves it."
            : $"The approval given was for {approval.Amount} to {approval.Payee} for {approval.Category}, which does not cover this spend.";
        var split = window.Count == 0
            ? ""
            : $" With {string.Join(" and ", window.Take(3).Select(s => $"{s.Amount} on {SpendingRules.Day(s.Date)}"))}, {a.Payee} would get {total} " +
              $"within {a.Rules.ApprovalWindowDays} days, which counts as one spend.";
        return new Refusal(Code, $"Spends over {a.Rules.ApprovalThreshold} to one payee need a second person's approval.{split} {detail}");
    }
}

/// <summary>Rule 9: the same payee and amount within a few days is probably a duplicate and needs confirming.</summary>
public sealed class DuplicateRule : ISpendingRule
{
    public string Code => RefusalCodes.PossibleDuplicate;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.DuplicateConfirmed) return null;
        var twin = a.EarlierSpends.FirstOrDefault(s =>
            s.Amount == a.Amount && string.Equals(s.Payee.Trim(), a.Payee.Trim(), StringComparison.OrdinalIgnoreCase)
            && Math.Abs(Period.Between(s.Date, a.Date, PeriodUnits.Days).Days) <= a.Rules.DuplicateDays);
        return twin is null
            ? null
            : new Refusal(Code, $"{a.Amount} to {twin.Payee} was already recorded on {SpendingRules.Day(twin.Date)}. If this is a second, separate payment, confirm it and record it again.");
    }
}

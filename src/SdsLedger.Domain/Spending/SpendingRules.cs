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
        new TestBudgetTimeLimitRule(),
        new ExcludedPurposeRule(),
        new OutsidePlanRule(),
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

/// <summary>Rule 4: not an excluded purpose, as the council lists them (matched on the category or a whole word of the description or payee).</summary>
public sealed partial class ExcludedPurposeRule : ISpendingRule
{
    public string Code => RefusalCodes.ExcludedPurpose;

    public Refusal? Check(SpendAttempt a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var words = Words().Matches($"{a.Category} {a.Description} {a.Payee}".ToLowerInvariant()).Select(m => m.Value).ToHashSet();
        var hit = a.Rules.ExcludedPurposes.FirstOrDefault(p =>
            string.Equals(p, a.Category, StringComparison.OrdinalIgnoreCase) || words.Contains(p.ToLowerInvariant()));
        return hit is null
            ? null
            : new Refusal(Code, $"The council does not allow budgets to be spent on {hit.Replace('-', ' ')}. If this is not what the money is for, change the description or category.");
    }

    [GeneratedRegex(@"[a-z][a-z-]*")]
    private static partial Regex Words();
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
        return !a.PayeeIsFamily || a.FamilyAgreementRecorded
            ? null
            : new Refusal(Code, $"{a.Payee} is a family member. Paying family needs the council's agreement and reason on record first; ask the social worker to record it.");
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
        if (a.Amount <= a.Rules.ApprovalThreshold) return null;
        var approval = a.Approval;
        if (approval is not null && approval.Amount >= a.Amount
            && string.Equals(approval.Payee, a.Payee, StringComparison.OrdinalIgnoreCase)
            && string.Equals(approval.Category, a.Category, StringComparison.OrdinalIgnoreCase))
        {
            return approval.ApprovedBy == approval.RequestedBy
                ? new Refusal(RefusalCodes.ApproverIsRequester, "The same person asked for and approved this spend. A second person must approve it.")
                : null;
        }
        var detail = approval is null
            ? "Ask for approval first; a second person (not the one asking) approves it."
            : $"The approval given was for {approval.Amount} to {approval.Payee} for {approval.Category}, which does not cover this spend.";
        return new Refusal(Code, $"Spends over {a.Rules.ApprovalThreshold} need a second person's approval. {detail}");
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

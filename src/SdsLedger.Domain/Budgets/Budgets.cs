using NodaTime;

namespace SdsLedger.Domain.Budgets;

/// <summary>The four SDS options: who holds the money and who arranges the support. Option 4 is a mix of parts.</summary>
public enum SdsOption
{
    DirectPayment = 1,
    DirectedSupport = 2,
    CouncilArranged = 3,
    Mix = 4,
}

/// <summary>Who holds a budget part's money.</summary>
public enum HolderKind
{
    Person,
    ThirdParty,
    Council,
    Organisation,
}

public static class SdsOptions
{
    /// <summary>A budget's option: its parts' option when they agree, otherwise option 4 (a mix).</summary>
    public static SdsOption OfBudget(IEnumerable<SdsOption> partOptions)
    {
        var distinct = partOptions.Distinct().ToList();
        return distinct.Count == 1 ? distinct[0] : SdsOption.Mix;
    }

    /// <summary>Whether the holder may hold money for a part of this option (the Act's meaning of each option).</summary>
    public static bool HolderFits(SdsOption option, HolderKind holder) => option switch
    {
        SdsOption.DirectPayment => holder is HolderKind.Person or HolderKind.ThirdParty,
        SdsOption.DirectedSupport => holder is HolderKind.Council or HolderKind.Organisation,
        SdsOption.CouncilArranged => holder is HolderKind.Council,
        _ => false,
    };

    public static string Describe(SdsOption option) => option switch
    {
        SdsOption.DirectPayment => "Option 1: direct payment",
        SdsOption.DirectedSupport => "Option 2: directed support",
        SdsOption.CouncilArranged => "Option 3: council arranged",
        _ => "Option 4: a mix",
    };
}

/// <summary>A budget's period, both days included.</summary>
public sealed record BudgetPeriod(LocalDate Start, LocalDate End)
{
    public bool Contains(LocalDate date) => date >= Start && date <= End;

    public int Days => Period.Between(Start, End, PeriodUnits.Days).Days + 1;

    /// <summary>How much of the period has passed by the end of the given day, from 0 to 1.</summary>
    public decimal ShareElapsed(LocalDate asOf)
    {
        if (asOf < Start) return 0m;
        if (asOf >= End) return 1m;
        return (Period.Between(Start, asOf, PeriodUnits.Days).Days + 1) / (decimal)Days;
    }

    /// <summary>Reviews: 12 weeks after the start, then every year after the start, while inside the period.</summary>
    public IReadOnlyList<LocalDate> ReviewDates()
    {
        var dates = new List<LocalDate> { Start.PlusWeeks(12) };
        for (var next = Start.PlusYears(1); next <= End; next = next.PlusYears(1)) dates.Add(next);
        return dates.Where(d => d <= End).ToList();
    }
}

/// <summary>A council's own rules, stored per council and changed without code.</summary>
public sealed record CouncilRules(
    Money ApprovalThreshold,
    IReadOnlyList<string> ExcludedPurposes,
    Money TestBudgetCap,
    int TestBudgetWeeks,
    int SurplusWeeks,
    int InstalmentWeeks,
    int DuplicateDays,
    int PaymentRunDaysAhead = 7,
    int ApprovalWindowDays = 7)
{
    public static CouncilRules Default { get; } = new(
        Money.FromPounds(250), ["gambling", "alcohol", "tobacco", "illegal", "investments", "nhs-provided"],
        Money.FromPounds(250), 12, 8, 4, 3);
}

/// <summary>
/// When a part's instalments fall due (in advance, every N weeks from the start) and how much each is: in
/// proportion to the days it covers, so a short last cycle gets less; the last takes any remaining pence,
/// so the instalments always sum to the part's amount.
/// </summary>
public static class InstalmentSchedule
{
    public static IReadOnlyList<(LocalDate Due, Money Amount)> For(BudgetPeriod period, Money amount, int weeks)
    {
        ArgumentNullException.ThrowIfNull(period);
        if (weeks <= 0) return [(period.Start, amount)];
        var dates = new List<LocalDate>();
        for (var due = period.Start; due <= period.End; due = due.PlusWeeks(weeks)) dates.Add(due);
        var result = new List<(LocalDate, Money)>(dates.Count);
        var paid = Money.Zero;
        for (var i = 0; i < dates.Count; i++)
        {
            if (i == dates.Count - 1)
            {
                result.Add((dates[i], amount - paid));
                break;
            }
            var coveredToEnd = Period.Between(period.Start, dates[i + 1], PeriodUnits.Days).Days;
            var share = Money.FromPence((long)(amount.Pence * (decimal)coveredToEnd / period.Days)) - paid;
            result.Add((dates[i], share));
            paid += share;
        }
        return result;
    }

    /// <summary>The money a part receives in a week, for surplus flags: the amount over the period's weeks.</summary>
    public static Money Weekly(BudgetPeriod period, Money amount)
    {
        ArgumentNullException.ThrowIfNull(period);
        var weeks = Math.Max(1, (int)Math.Round(period.Days / 7m));
        return Money.FromPence(amount.Pence / weeks);
    }
}

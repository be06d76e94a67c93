using SdsLedger.Domain.Budgets;

namespace SdsLedger.Domain.Spending;

/// <summary>Rule 10: surplus is reclaimed only after a recorded discussion, and never more than was agreed or is there.</summary>
public static class Reclaims
{
    public static Refusal? Check(Money amount, Money available, Money? agreedInDiscussion)
    {
        if (agreedInDiscussion is null)
            return new Refusal(RefusalCodes.ReclaimWithoutDiscussion,
                "Surplus is reclaimed only after a discussion with the person is recorded. Record the discussion and the amount agreed first.");
        if (amount > agreedInDiscussion.Value)
            return new Refusal(RefusalCodes.ReclaimWithoutDiscussion,
                $"The discussion agreed to reclaim {agreedInDiscussion.Value}, not {amount}.");
        if (amount > available)
            return new Refusal(RefusalCodes.InsufficientFunds, $"This would reclaim {amount} but only {available} is available.");
        return null;
    }

    /// <summary>Whether a balance is above the council's threshold of weeks of funding: flagged for discussion, never reclaimed automatically.</summary>
    public static bool IsSurplus(Money balance, BudgetPeriod period, Money partAmount, int weeks)
    {
        ArgumentNullException.ThrowIfNull(period);
        return balance > InstalmentSchedule.Weekly(period, partAmount) * weeks;
    }
}

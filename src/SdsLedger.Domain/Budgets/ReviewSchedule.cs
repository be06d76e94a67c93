using NodaTime;

namespace SdsLedger.Domain.Budgets;

/// <summary>
/// When the next review falls due after one is done: a year later, or six months later for someone in the maintenance
/// phase (whose recovery is re-discussed 6-monthly). The first review, 12 weeks after the start, is scheduled with the
/// budget (<see cref="BudgetPeriod.ReviewDates"/>). A relapse means reassessment: a review due at once.
/// </summary>
public static class ReviewSchedule
{
    public const string Maintenance = "maintenance";

    public static LocalDate NextAfter(LocalDate done, string? phase) =>
        phase == Maintenance ? done.PlusMonths(6) : done.PlusYears(1);

    /// <summary>Why the next review is due, as the reviews table says it.</summary>
    public static string ReasonAfter(string? phase) => phase == Maintenance ? "six-monthly" : "yearly";
}

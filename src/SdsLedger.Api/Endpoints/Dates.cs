using System.Globalization;
using NodaTime;
using SdsLedger.Features.Shared;

namespace SdsLedger.Api.Endpoints;

/// <summary>
/// Dates in query strings: YYYY-MM-DD days and YYYY-MM months, from 2000 to ten years ahead (the ledger's range, as in
/// <see cref="Validation.DateProblem"/>); anything else names the parameter in a 400.
/// </summary>
internal static class Dates
{
    private static readonly CouncilClock Clock = new(SystemClock.Instance);

    public static LocalDate ToLocal(this DateOnly date) => LocalDate.FromDateOnly(date);

    public static bool TryDay(string? text, LocalDate fallback, out LocalDate day)
    {
        day = fallback;
        if (string.IsNullOrEmpty(text)) return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        day = d.ToLocal();
        return InRange(day);
    }

    public static bool TryMonth(string? text, out LocalDate from, out LocalDate to)
    {
        from = to = default;
        if (text is null || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        if (!InRange(d.ToLocal())) return false;
        from = d.ToLocal();
        to = from.PlusMonths(1).PlusDays(-1);
        return true;
    }

    private static bool InRange(LocalDate day) => Validation.DateProblem(day, Clock.Today) is null;

    public static string DayFormat => $"a day written YYYY-MM-DD, from {Validation.EarliestDate:yyyy-MM-dd} to {Validation.YearsAhead} years ahead, for example 2026-10-31";
    public static string MonthFormat => $"a month written YYYY-MM, from {Validation.EarliestDate:yyyy-MM} to {Validation.YearsAhead} years ahead, for example 2026-10";
}

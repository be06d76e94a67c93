using System.Globalization;
using NodaTime;

namespace SdsLedger.Api.Endpoints;

/// <summary>Dates in query strings and bodies: YYYY-MM-DD days and YYYY-MM months; anything else names the parameter in a 400.</summary>
internal static class Dates
{
    public static LocalDate ToLocal(this DateOnly date) => LocalDate.FromDateOnly(date);

    public static bool TryDay(string? text, LocalDate fallback, out LocalDate day)
    {
        day = fallback;
        if (string.IsNullOrEmpty(text)) return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        day = d.ToLocal();
        return true;
    }

    public static bool TryMonth(string? text, out LocalDate from, out LocalDate to)
    {
        from = to = default;
        if (text is null || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        from = d.ToLocal();
        to = from.PlusMonths(1).PlusDays(-1);
        return true;
    }

    public const string DayFormat = "a day written YYYY-MM-DD, for example 2026-10-31";
    public const string MonthFormat = "a month written YYYY-MM, for example 2026-10";
}

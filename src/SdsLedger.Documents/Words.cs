using System.Globalization;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Domain.Budgets;

namespace SdsLedger.Documents;

/// <summary>How figures are written: in sentences and tables for people, and plainly for spreadsheets (CSV).</summary>
internal static class Words
{
    private static readonly CultureInfo English = CultureInfo.InvariantCulture;

    /// <summary>"£1,234.50"; a negative amount is "-£12.00".</summary>
    public static string Amount(Money amount) => amount.ToString();

    /// <summary>"3 October 2026".</summary>
    public static string Date(LocalDate date) => date.ToString("d MMMM yyyy", English);

    /// <summary>"3 Oct 2026", for narrow report columns.</summary>
    public static string ShortDate(LocalDate date) => date.ToString("d MMM yyyy", English);

    /// <summary>"3 October", for a table inside a period of one year.</summary>
    public static string DayAndMonth(LocalDate date) => date.ToString("d MMMM", English);

    /// <summary>A date in a table: without the year when the whole period is inside one year.</summary>
    public static string TableDate(LocalDate date, LocalDate from, LocalDate to) =>
        from.Year == to.Year ? DayAndMonth(date) : Date(date);

    /// <summary>"October 2026" for a whole month; otherwise "1 October to 15 November 2026".</summary>
    public static string Period(LocalDate from, LocalDate to)
    {
        if (IsWholeMonth(from, to)) return from.ToString("MMMM yyyy", English);
        return from.Year == to.Year ? $"{DayAndMonth(from)} to {Date(to)}" : $"{Date(from)} to {Date(to)}";
    }

    /// <summary>"in October 2026", or "between 1 October and 15 November 2026".</summary>
    public static string During(LocalDate from, LocalDate to)
    {
        if (IsWholeMonth(from, to)) return "in " + from.ToString("MMMM yyyy", English);
        return from.Year == to.Year ? $"between {DayAndMonth(from)} and {Date(to)}" : $"between {Date(from)} and {Date(to)}";
    }

    /// <summary>"1 to 31 October 2026", "1 September to 31 October 2026", or with both years when they differ.</summary>
    public static string DateRange(LocalDate from, LocalDate to)
    {
        if (from.Year != to.Year) return $"{Date(from)} to {Date(to)}";
        return from.Month == to.Month ? $"{from.Day} to {Date(to)}" : $"{DayAndMonth(from)} to {Date(to)}";
    }

    /// <summary>Text as a sentence: trimmed, ending with a full stop unless it already ends in punctuation.</summary>
    public static string Sentence(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 || ".!?\u201D\"".Contains(trimmed[^1], StringComparison.Ordinal) ? trimmed : trimmed + ".";
    }

    /// <summary>
    /// A description typed in sentence case ("Swimming sessions") written to follow other words ("for swimming sessions").
    /// A first word that looks like a name ("Kirkton Gym") or an abbreviation ("GP visit") is left as typed.
    /// </summary>
    public static string Continuing(string text)
    {
        var trimmed = text.Trim();
        var words = trimmed.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        var first = words.Length == 0 ? "" : words[0].TrimEnd(',', '.', ';', ':');
        if (first.Length < 2 || !char.IsUpper(first[0]) || !first.Skip(1).All(char.IsLower))
            return trimmed;
        if (words.Length > 1 && char.IsUpper(words[1][0]))
            return trimmed;
        return char.ToLowerInvariant(trimmed[0]) + trimmed[1..];
    }

    /// <summary>"personal-care" as "Personal care".</summary>
    public static string Category(string category) =>
        string.IsNullOrEmpty(category) ? "Other" : char.ToUpperInvariant(category[0]) + category[1..].Replace('-', ' ');

    /// <summary>A share from 0 to 1 as "42%".</summary>
    public static string Percent(decimal share) => (share * 100).ToString("0", English) + "%";

    /// <summary>"1 hour", "2.5 hours".</summary>
    public static string Hours(decimal hours) => hours == 1 ? "1 hour" : hours.ToString("0.##", English) + " hours";

    public static string Option(SdsOption option) => option switch
    {
        SdsOption.DirectPayment => "Option 1",
        SdsOption.DirectedSupport => "Option 2",
        SdsOption.CouncilArranged => "Option 3",
        _ => "Option 4",
    };

    public static string YesNo(bool value) => value ? "Yes" : "No";

    private static bool IsWholeMonth(LocalDate from, LocalDate to) =>
        from.Day == 1 && to == from.PlusMonths(1).PlusDays(-1);
}

/// <summary>Figures for CSV files: amounts as pounds with two decimals and no symbol, dates as ISO, shares as percentages.</summary>
internal static class CsvValues
{
    public static string Amount(Money amount) => (amount.Pence / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    public static string Date(LocalDate? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Percent(decimal share) => (share * 100).ToString("0", CultureInfo.InvariantCulture);

    public static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string YesNo(bool value) => value ? "yes" : "no";
}

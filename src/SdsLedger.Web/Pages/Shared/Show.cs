using System.Globalization;
using NodaTime;
using SdsLedger.Domain.Budgets;

namespace SdsLedger.Web.Pages.Shared;

/// <summary>How pages write dates, shares and options: in words, as the statements do.</summary>
public static class Show
{
    public static string Day(LocalDate date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    public static string Day(LocalDate? date) => date is { } d ? Day(d) : "";

    /// <summary>The day in Scotland of a moment the database recorded (in UTC).</summary>
    public static string Day(DateTime utc) =>
        Day(Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(DateTimeZoneProviders.Tzdb["Europe/London"]).Date);

    public static string Share(decimal share) => (share * 100m).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Option(SdsOption option) => SdsOptions.Describe(option);

    public static string Month(LocalDate date) => date.ToString("MMMM yyyy", CultureInfo.InvariantCulture);

    /// <summary>A file's size in words: "820 KB", "2.4 MB".</summary>
    public static string Size(long bytes) => bytes < 1024 * 1024
        ? $"{Math.Max(1, (bytes + 1023) / 1024)} KB"
        : (bytes / (1024m * 1024m)).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static string Pace(Domain.Budgets.Pace? pace) => pace switch
    {
        Domain.Budgets.Pace.Underspending => "Underspending",
        Domain.Budgets.Pace.Overspending => "Overspending",
        Domain.Budgets.Pace.OnTrack => "On track",
        _ => "Not started",
    };
}

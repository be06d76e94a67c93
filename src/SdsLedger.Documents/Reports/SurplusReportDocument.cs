using System.Globalization;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Reports;

namespace SdsLedger.Documents.Reports;

/// <summary>Surplus flags: parts holding more than the threshold of weeks of funding, listed for a discussion.</summary>
public static class SurplusReportDocument
{
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "person_reference", "person_name", "social_worker", "part", "option", "held_by", "balance", "set_aside", "available",
        "weekly_funding", "weeks_held", "threshold", "last_discussed",
    ];

    public static int WritePdf(SurplusReportView report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var weeks = $"{report.ThresholdWeeks} weeks";
        var doc = new DocumentBuilder(DocumentStyle.Standard, PageOrientation.Landscape)
            .Heading("Surplus flags")
            .KeyValue("Council", report.CouncilName)
            .KeyValue("Date of report", Words.Date(report.AsOf))
            .KeyValue("Threshold", $"{weeks} of funding")
            .KeyValue("Parts checked", report.PartsChecked.ToString("#,##0", CultureInfo.InvariantCulture))
            .KeyValue("Parts above the threshold", report.Rows.Count.ToString("#,##0", CultureInfo.InvariantCulture))
            .Paragraph($"Direct payments and directed support (options 1 and 2) holding more than {weeks} of their funding that is not " +
                       "set aside for anything planned. They are listed so that the social worker can talk it over with the person: " +
                       "there may be a good reason, such as saving for something in the plan. Nothing is taken back automatically; " +
                       "money is reclaimed only after that discussion is recorded with the amount agreed. Test budgets are not listed, " +
                       "as they are paid in one go.");
        if (report.Rows.Count == 0)
            doc.Paragraph($"No budget part holds more than {weeks} of funding.");
        else
        {
            var rows = new List<TableRow>();
            foreach (var worker in report.Rows.GroupBy(r => r.SocialWorker).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                rows.Add(TableRow.Group(worker.Key.Length == 0 ? "No social worker named" : $"Social worker: {worker.Key}"));
                rows.AddRange(worker.Select(r => TableRow.Of(
                    $"{r.PersonName}\n{r.PersonReference}", Part(r), Words.Amount(r.Balance), Words.Amount(r.SetAside), Words.Amount(r.Available),
                    Words.Amount(r.WeeklyFunding), WeeksText(r.WeeksHeld), r.LastDiscussed is { } d ? Words.ShortDate(d) : "Not yet")));
            }
            doc.Table(
                [new("Person"), new("Part"), TableColumn.Amount("Balance"), TableColumn.Amount("Set aside"), TableColumn.Amount("Available"),
                 TableColumn.Amount("Weekly\nfunding"), new("Weeks\nheld", 1, TextAlignment.Right) { FitContent = true },
                 TableColumn.Fitted("Last talked\nabout")],
                rows,
                ["Total", "", "", "", Words.Amount(report.Available), "", "", ""]);
        }
        return doc.WritePdf(output, new DocumentInfo($"Surplus flags, {report.CouncilName}, {Words.Date(report.AsOf)}",
            report.CouncilName, "Self-directed support balances above the surplus threshold"));
    }

    public static void WriteCsv(SurplusReportView report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        CsvTable.Write(output, CsvHeader, report.Rows.Select(r => (IReadOnlyList<string>)
        [
            r.PersonReference, r.PersonName, r.SocialWorker, r.PartPosition.ToString(CultureInfo.InvariantCulture), Words.Option(r.Option),
            Holder(r), CsvValues.Amount(r.Balance), CsvValues.Amount(r.SetAside), CsvValues.Amount(r.Available),
            CsvValues.Amount(r.WeeklyFunding), WeeksText(r.WeeksHeld), CsvValues.Amount(r.Threshold), CsvValues.Date(r.LastDiscussed),
        ]));
    }

    private static string Part(SurplusRow r) => $"{Words.Option(r.Option)}, held by {Holder(r)}";

    private static string Holder(SurplusRow r) => r.Holder switch
    {
        HolderKind.Person => "the person",
        HolderKind.Council => "the council",
        _ => r.HolderName,
    };

    private static string WeeksText(decimal weeks) => weeks.ToString("0.0", CultureInfo.InvariantCulture);
}

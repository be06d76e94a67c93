using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Caseload;
using SdsLedger.Features.Reports;

namespace SdsLedger.Documents.Reports;

/// <summary>The caseload report: a section per social worker, a row per active budget. PDF and CSV show the same figures.</summary>
public static class CaseloadDocument
{
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "social_worker", "person_reference", "person_name", "option", "allocated", "spent", "spent_percent", "period_gone_percent",
        "pace", "review_due", "review_overdue", "approvals_waiting",
    ];

    public static int WritePdf(CaseloadReportView report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var doc = new DocumentBuilder(DocumentStyle.Standard, PageOrientation.Landscape)
            .Heading("Caseload report")
            .KeyValue("Council", report.CouncilName)
            .KeyValue("Date of report", Words.Date(report.AsOf))
            .KeyValue("Active budgets", report.Budgets.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Paragraph($"Each active budget by social worker: money allocated and spent (from the ledger), against the time gone by " +
                       $"{Words.Date(report.AsOf)}. More than {report.TolerancePoints} points ahead of the time is overspending, more than " +
                       $"{report.TolerancePoints} behind is underspending. Reviews due within {Caseload.ReviewLookAheadDays} days or overdue are " +
                       "shown, and requests waiting for a second person to approve them.");
        if (report.Workers.Count == 0)
            doc.Paragraph("There are no active budgets.");
        foreach (var worker in report.Workers)
        {
            var name = worker.WorkerName.Length == 0 ? "No social worker named" : worker.WorkerName;
            doc.Subheading($"{name}: {Count(worker.Budgets.Count, "budget")}")
               .Table(
                   [new("Person"), TableColumn.Amount("Allocated"), TableColumn.Amount("Spent"),
                    new("Time\ngone", 1, TextAlignment.Right) { FitContent = true }, TableColumn.Fitted("Pace"), TableColumn.Fitted("Review due"),
                    new("Approvals\nwaiting", 1, TextAlignment.Right) { FitContent = true }],
                   worker.Budgets.Select(b => (IReadOnlyList<string>)
                   [
                       $"{b.PersonName}\n{b.PersonReference}, {OptionText(b).ToLowerInvariant()}", Words.Amount(b.Allocated),
                       $"{Words.Amount(b.Spent)}\n{Words.Percent(b.ShareSpent)}", Words.Percent(b.ShareElapsed), PaceText(b.Pace), ReviewText(b),
                       b.ApprovalsWaiting.ToString(System.Globalization.CultureInfo.InvariantCulture),
                   ]),
                   ["Total", Words.Amount(worker.Allocated), Words.Amount(worker.Spent), "", "", "",
                    worker.Budgets.Sum(b => b.ApprovalsWaiting).ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
        return doc.WritePdf(output, new DocumentInfo($"Caseload report, {report.CouncilName}, {Words.Date(report.AsOf)}",
            report.CouncilName, "Self-directed support caseload report"));
    }

    public static void WriteCsv(CaseloadReportView report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        CsvTable.Write(output, CsvHeader, report.Workers.SelectMany(w => w.Budgets.Select(b => (IReadOnlyList<string>)
        [
            w.WorkerName, b.PersonReference, b.PersonName, OptionText(b), CsvValues.Amount(b.Allocated), CsvValues.Amount(b.Spent),
            CsvValues.Percent(b.ShareSpent), CsvValues.Percent(b.ShareElapsed), PaceText(b.Pace), CsvValues.Date(b.ReviewDue),
            CsvValues.YesNo(b.ReviewOverdue), b.ApprovalsWaiting.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ])));
    }

    private static string OptionText(CaseloadBudget b) => b.IsTest ? "Test budget" : Words.Option(b.Option);

    private static string PaceText(Pace pace) => pace switch
    {
        Pace.Overspending => "Overspending",
        Pace.Underspending => "Underspending",
        _ => "On track",
    };

    private static string ReviewText(CaseloadBudget b) =>
        b.ReviewDue is not { } due ? "" : b.ReviewOverdue ? $"{Words.Date(due)}\noverdue" : Words.Date(due);

    internal static string Count(int n, string thing) => n == 1 ? $"1 {thing}" : $"{n} {thing}s";
}

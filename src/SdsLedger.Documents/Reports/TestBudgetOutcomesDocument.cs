using System.Globalization;
using SdsLedger.Features.Reports;

namespace SdsLedger.Documents.Reports;

/// <summary>Test-budget outcomes: a group per test budget (amount, spend, holder, dates) and a row per outcome chosen.</summary>
public static class TestBudgetOutcomesDocument
{
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "person_reference", "person_name", "holder", "start", "end", "amount", "spent", "outcome", "recovery_phase", "capital_domain",
        "progress_notes", "last_noted", "latest_progress", "completed",
    ];

    public static int WritePdf(TestBudgetOutcomesView report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var doc = new DocumentBuilder(DocumentStyle.Standard, PageOrientation.Landscape)
            .Heading("Test-budget outcomes")
            .KeyValue("Council", report.CouncilName)
            .KeyValue("Date of report", Words.Date(report.AsOf))
            .KeyValue("Test budgets", report.Budgets.Count.ToString("#,##0", CultureInfo.InvariantCulture))
            .KeyValue("Agreed", Words.Amount(report.Amount))
            .KeyValue("Spent", Words.Amount(report.Spent))
            .KeyValue("Outcomes done", $"{report.OutcomesCompleted} of {report.Outcomes}")
            .Paragraph("Each test budget with the outcomes the person chose, in their own words, tagged with the recovery phase and " +
                       "recovery capital domain where given; how many progress notes each has, the latest, and whether the person " +
                       "says it is done. Spending is from the ledger.");
        if (report.Budgets.Count == 0)
            doc.Paragraph("There are no test budgets yet.");
        else
        {
            var rows = new List<TableRow>();
            foreach (var b in report.Budgets)
            {
                rows.Add(TableRow.Group($"{b.PersonName} ({b.PersonReference}): {Words.Amount(b.Amount)}, {Words.Amount(b.Spent)} spent, " +
                                        $"held by {b.HolderName}, {Words.Date(b.Start)} to {Words.Date(b.End)}"));
                if (b.Outcomes.Count == 0) rows.Add(TableRow.Of("No outcomes written down", "", "0", "", ""));
                rows.AddRange(b.Outcomes.Select(o => TableRow.Of(o.Text, Tags(o), o.Notes.ToString(CultureInfo.InvariantCulture),
                    o.LastNoted is { } d ? $"{Words.Date(d)}: {o.LatestProgress}" : "None yet", Words.YesNo(o.Completed))));
            }
            doc.Table([new("Outcome, in the person's words", 2.2f), new("Phase and domain", 1.2f), new("Notes", 1, TextAlignment.Right) { FitContent = true },
                       new("Latest progress", 3), TableColumn.Fitted("Done")], rows);
        }
        return doc.WritePdf(output, new DocumentInfo($"Test-budget outcomes, {report.CouncilName}, {Words.Date(report.AsOf)}",
            report.CouncilName, "Recovery test budgets: outcomes, spend and progress"));
    }

    public static void WriteCsv(TestBudgetOutcomesView report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        CsvTable.Write(output, CsvHeader, report.Budgets.SelectMany(b =>
            (b.Outcomes.Count == 0 ? [new TestOutcomeRow("", null, null, 0, null, null, false)] : b.Outcomes).Select(o => (IReadOnlyList<string>)
            [
                b.PersonReference, b.PersonName, b.HolderName, CsvValues.Date(b.Start), CsvValues.Date(b.End), CsvValues.Amount(b.Amount),
                CsvValues.Amount(b.Spent), o.Text, o.RecoveryPhase ?? "", o.CapitalDomain ?? "", o.Notes.ToString(CultureInfo.InvariantCulture),
                CsvValues.Date(o.LastNoted), o.LatestProgress ?? "", CsvValues.YesNo(o.Completed),
            ])));
    }

    private static string Tags(TestOutcomeRow o) =>
        string.Join(", ", new[] { o.RecoveryPhase, o.CapitalDomain }.Where(t => !string.IsNullOrEmpty(t)).Select(t => Words.Category(t!)));
}

using System.Globalization;
using SdsLedger.Domain.Budgets;
using SdsLedger.Features.Reports;

namespace SdsLedger.Documents.Reports;

/// <summary>The council overview: a table by option with totals, and bar charts of the number and the value of budgets.</summary>
public static class CouncilOverviewDocument
{
    public static readonly IReadOnlyList<string> CsvHeader = ["budgets_of", "budgets", "people", "allocated", "spent", "spent_percent"];

    public static int WritePdf(CouncilOverviewView report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var doc = new DocumentBuilder(DocumentStyle.Standard, PageOrientation.Landscape)
            .Heading("Council overview")
            .KeyValue("Council", report.CouncilName)
            .KeyValue("Date of report", Words.Date(report.AsOf))
            .KeyValue("Active budgets", report.Budgets.ToString(CultureInfo.InvariantCulture))
            .KeyValue("Allocated", Words.Amount(report.Allocated))
            .KeyValue("Spent so far", Words.Amount(report.Spent))
            .Paragraph("The active budgets by self-directed support option, with test budgets counted on their own whatever their option: " +
                       "how many, for how many people, the money allocated to them from the council's funding, and what has been spent " +
                       "so far, all from the ledger. A budget whose parts have different options is option 4.")
            .Table(
                [new("Budgets of", 3), TableColumn.Amount("Number"), TableColumn.Amount("People"), TableColumn.Amount("Allocated"),
                 TableColumn.Amount("Spent"), TableColumn.Amount("Spent share")],
                report.Rows.Select(r => (IReadOnlyList<string>)
                [
                    Label(r.Group), Count(r.Budgets), Count(r.People), Words.Amount(r.Allocated), Words.Amount(r.Spent), Words.Percent(r.ShareSpent),
                ]),
                ["All active budgets", Count(report.Budgets), Count(report.Rows.Sum(r => r.People)), Words.Amount(report.Allocated),
                 Words.Amount(report.Spent), Words.Percent(report.ShareSpent)])
            .Subheading("Number of budgets by option")
            .BarChart(report.Rows.Select(r => new ChartBar(Label(r.Group), r.Budgets, Count(r.Budgets))).ToList())
            .Subheading("Money allocated by option")
            .BarChart(report.Rows.Select(r => new ChartBar(Label(r.Group), r.Allocated.Pence, Words.Amount(r.Allocated))).ToList());
        return doc.WritePdf(output, new DocumentInfo($"Council overview, {report.CouncilName}, {Words.Date(report.AsOf)}",
            report.CouncilName, "Self-directed support budgets by option"));
    }

    public static void WriteCsv(CouncilOverviewView report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        CsvTable.Write(output, CsvHeader, report.Rows.Select(r => (IReadOnlyList<string>)
        [
            Label(r.Group), r.Budgets.ToString(CultureInfo.InvariantCulture), r.People.ToString(CultureInfo.InvariantCulture), CsvValues.Amount(r.Allocated), CsvValues.Amount(r.Spent), CsvValues.Percent(r.ShareSpent),
        ]));
    }

    public static string Label(OverviewGroup group) => group == OverviewGroup.TestBudgets ? "Test budgets" : SdsOptions.Describe((SdsOption)(int)group);

    private static string Count(int n) => n.ToString("#,##0", CultureInfo.InvariantCulture);
}

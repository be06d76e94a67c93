using System.Globalization;
using SdsLedger.Features.Reports;

namespace SdsLedger.Documents.Reports;

/// <summary>A provider's option-2 return: a row per person with totals, and the check against the ledger in words.</summary>
public static class ProviderReturnDocument
{
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "person_reference", "person_name", "council", "test_budget", "part", "opening", "received", "spent", "hours", "spent_on_hours",
        "hourly_rate", "paid_back", "adjustments", "closing",
    ];

    public static int WritePdf(ProviderReturnView report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var period = Words.Period(report.From, report.To);
        var doc = new DocumentBuilder(DocumentStyle.Standard, PageOrientation.Landscape)
            .Heading($"Return from {report.OrganisationName}")
            .KeyValue("Provider", report.OrganisationName);
        if (report.CouncilName is { } council) doc.KeyValue("Council", council);
        doc.KeyValue("Period", Words.DateRange(report.From, report.To))
           .KeyValue("People", report.Rows.Count.ToString(CultureInfo.InvariantCulture))
           .Paragraph($"The option 2 money {report.OrganisationName} holds for each person, kept apart from anyone else's: what it " +
                      $"held at the start of {period}, what the council paid in, what was spent on the person's support (with the hours " +
                      "of support delivered), what was paid back to the council, and what it held at the end.")
           .Table(
               [new("Person", 2), TableColumn.Amount("At the start"), TableColumn.Amount("Received"), TableColumn.Amount("Spent"),
                new("Hours", 1, TextAlignment.Right) { FitContent = true }, TableColumn.Amount("Paid back"), TableColumn.Amount("Adjustments"),
                TableColumn.Amount("At the end")],
               report.Rows.Select(r => (IReadOnlyList<string>)
               [
                   Person(r), Words.Amount(r.Opening), Words.Amount(r.Received), Words.Amount(r.Spent), HoursText(r.Hours),
                   Words.Amount(r.Returned), Words.Amount(r.Adjustments), Words.Amount(r.Closing),
               ]),
               ["Total", Words.Amount(report.Opening), Words.Amount(report.Received), Words.Amount(report.Spent), HoursText(report.Hours),
                Words.Amount(report.Returned), Words.Amount(report.Adjustments), Words.Amount(report.Closing)]);
        doc.Paragraph(report.Reconciles
            ? $"Checked against the ledger: for every person, the money at the start plus what was received, less what was spent and paid " +
              $"back, with any adjustment, is the money at the end; and the total at the end, {Words.Amount(report.Closing)}, is the " +
              $"ledger's balance of these {CaseloadDocument.Count(report.Rows.Count, "account")} on {Words.Date(report.To)}."
            : $"These figures do not agree with the ledger: the total at the end is {Words.Amount(report.Closing)} but the ledger holds " +
              $"{Words.Amount(report.LedgerClosing)} in these accounts on {Words.Date(report.To)}. Do not send this return; run " +
              "'sdsledger audit' and ask the council's finance team to look into it.");
        return doc.WritePdf(output, new DocumentInfo($"Provider return, {report.OrganisationName}, {period}",
            report.CouncilName ?? report.OrganisationName, "Self-directed support option 2 provider return"));
    }

    public static void WriteCsv(ProviderReturnView report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        CsvTable.Write(output, CsvHeader, report.Rows.Select(r => (IReadOnlyList<string>)
        [
            r.PersonReference, r.PersonName, r.CouncilName, CsvValues.YesNo(r.IsTest), r.PartPosition.ToString(CultureInfo.InvariantCulture),
            CsvValues.Amount(r.Opening), CsvValues.Amount(r.Received), CsvValues.Amount(r.Spent), CsvValues.Number(r.Hours),
            CsvValues.Amount(r.SpentOnHours), r.HourlyRate is { } rate ? CsvValues.Amount(rate) : "", CsvValues.Amount(r.Returned),
            CsvValues.Amount(r.Adjustments), CsvValues.Amount(r.Closing),
        ]));
    }

    private static string Person(ProviderReturnRow r) =>
        $"{r.PersonName}\n{r.PersonReference}{(r.PartPosition > 1 ? $", part {r.PartPosition}" : "")}{(r.IsTest ? ", test budget" : "")}";

    private static string HoursText(decimal hours) => hours.ToString("0.##", CultureInfo.InvariantCulture);
}

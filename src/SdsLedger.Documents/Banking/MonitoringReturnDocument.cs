using System.Globalization;
using SdsLedger.Features.Banking;

namespace SdsLedger.Documents.Banking;

/// <summary>The direct payment monitoring return: per person, the quarter's money from the ledger and the bank, with the flags to follow up.</summary>
public static class MonitoringReturnDocument
{
    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "person_reference", "person_name", "opening", "received", "spent_with_evidence", "spent_without_evidence", "other", "closing", "unexplained",
        "unexplained_lines", "bank_balance", "bank_balance_on", "flag",
    ];

    public static int WritePdf(MonitoringReturnView report, Stream output)
    {
        ArgumentNullException.ThrowIfNull(report);
        var doc = new DocumentBuilder(DocumentStyle.Standard, PageOrientation.Landscape)
            .Heading("Direct payment monitoring return")
            .KeyValue("Council", report.CouncilName)
            .KeyValue("Period", Words.DateRange(report.From, report.To))
            .KeyValue("People with a direct payment", report.Rows.Count.ToString(CultureInfo.InvariantCulture))
            .KeyValue("To follow up", report.Flagged.ToString(CultureInfo.InvariantCulture))
            .Paragraph("For each person: the money held at the start, what the council paid, what was spent with evidence (a bank or card line matched " +
                       "to the spend, or a receipt noted) and without, anything else (money paid back, corrections), and what was held at the end, all from " +
                       "the ledger. Unexplained is money that left the person's account with no spend recorded. The people to follow up are listed after the table: where the bank's balance " +
                       "and the ledger's differ, or no statement was imported; a question to talk over with the person, never a reason to take money back.");
        // "Other" only when something other than instalments and spends moved (a reclaim, a correction), to leave the names room.
        var other = report.Rows.Any(r => !r.Other.IsZero);
        List<TableColumn> columns =
        [
            new("Person", 2), TableColumn.Amount("At the start"), TableColumn.Amount("Received"), TableColumn.Amount("Spent, evidence"),
            TableColumn.Amount("Spent, none"),
        ];
        if (other) columns.Add(TableColumn.Amount("Other"));
        columns.AddRange([TableColumn.Amount("At the end"), TableColumn.Amount("Unexplained")]);
        doc.Table(columns, report.Rows.Select(r =>
        {
            List<string> cells = [$"{r.PersonName}\n{r.PersonReference}", Words.Amount(r.Opening), Words.Amount(r.Received), Words.Amount(r.SpentWithEvidence),
                                  Words.Amount(r.SpentWithoutEvidence)];
            if (other) cells.Add(Words.Amount(r.Other));
            cells.AddRange([Words.Amount(r.Closing), Words.Amount(r.Unexplained)]);
            return (IReadOnlyList<string>)cells;
        }));
        var flagged = report.Rows.Where(r => r.Flag is not null).ToList();
        if (flagged.Count > 0)
        {
            doc.Subheading("To follow up");
            foreach (var r in flagged) doc.Paragraph($"{r.PersonName} ({r.PersonReference}): {r.Flag}.");
        }
        return doc.WritePdf(output, new DocumentInfo($"Direct payment monitoring return, {Words.Period(report.From, report.To)}", report.CouncilName,
            "Direct payment monitoring return"));
    }

    public static void WriteCsv(MonitoringReturnView report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        CsvTable.Write(output, CsvHeader, report.Rows.Select(r => (IReadOnlyList<string>)
        [
            r.PersonReference, r.PersonName, CsvValues.Amount(r.Opening), CsvValues.Amount(r.Received), CsvValues.Amount(r.SpentWithEvidence),
            CsvValues.Amount(r.SpentWithoutEvidence), CsvValues.Amount(r.Other), CsvValues.Amount(r.Closing), CsvValues.Amount(r.Unexplained),
            r.UnexplainedLines.ToString(CultureInfo.InvariantCulture), r.BankBalance is { } b ? CsvValues.Amount(b) : "", CsvValues.Date(r.BankBalanceOn), r.Flag ?? "",
        ]));
    }
}

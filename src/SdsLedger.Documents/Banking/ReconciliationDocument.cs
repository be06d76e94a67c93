using SdsLedger.Features.Banking;

namespace SdsLedger.Documents.Banking;

/// <summary>A reconciliation of one account: what matched, money that moved with no record, and records with no money.</summary>
public static class ReconciliationDocument
{
    public static readonly IReadOnlyList<string> CsvHeader =
        ["status", "bank_date", "bank_amount", "bank_text", "record_kind", "record_date", "record_amount", "record_payee", "record_reference", "days_apart", "draft_spend"];

    public static int WritePdf(ReconciliationView view, string accountName, Stream output)
    {
        ArgumentNullException.ThrowIfNull(view);
        var doc = new DocumentBuilder(DocumentStyle.Standard, PageOrientation.Landscape)
            .Heading($"Bank reconciliation: {accountName}")
            .KeyValue("Period", Words.DateRange(view.From, view.To))
            .KeyValue("Matched", view.Matched.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .KeyValue("Money that moved with no record", view.BankOnly.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .KeyValue("Records with no money", view.LedgerOnly.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (view.StatementClosing is { } closing)
        {
            doc.KeyValue("Bank's closing balance", $"{Words.Amount(closing)} on {Words.Date(view.StatementClosingOn!.Value)}");
            if (view.LedgerBalance is { } ledger) doc.KeyValue("Ledger's balance that day", Words.Amount(ledger));
        }
        doc.Paragraph($"A bank line matches a record when the amounts are the same, the dates are at most {view.WindowDays} days apart and the payee is " +
                      "similar. Lines with no record need a spend recorded (a card line waits as a draft spend for someone to confirm with 'sdsledger drafts') or an explanation; " +
                      "records with no bank line are money the ledger says moved that the bank has not shown.");
        if (view.BankOnly.Count > 0)
        {
            doc.Subheading("Money that moved with no record")
               .Table([TableColumn.Fitted("Date"), TableColumn.Amount("Amount"), new("What the bank says", 3), new("Draft spend", 1)],
                   view.BankOnly.Select(l => (IReadOnlyList<string>)[Words.ShortDate(l.Date), Words.Amount(l.Amount), l.Text, l.DraftSpendId is null ? "" : "waiting"]));
        }
        if (view.LedgerOnly.Count > 0)
        {
            doc.Subheading("Records with no money")
               .Table([TableColumn.Fitted("Date"), TableColumn.Amount("Amount"), TableColumn.Fitted("Kind"), new("Payee", 2), new("Reference", 2)],
                   view.LedgerOnly.Select(r => (IReadOnlyList<string>)[Words.ShortDate(r.Date), Words.Amount(r.Amount), r.Kind, r.Payee, r.Reference]));
        }
        if (view.Matched.Count > 0)
        {
            doc.Subheading("Matched")
               .Table([TableColumn.Fitted("Bank date"), TableColumn.Amount("Amount"), new("What the bank says", 3), TableColumn.Fitted("Kind"), new("Record", 2)],
                   view.Matched.Select(m => (IReadOnlyList<string>)[Words.ShortDate(m.Line.Date), Words.Amount(m.Line.Amount), m.Line.Text, m.Record.Kind,
                       $"{m.Record.Payee}, {Words.ShortDate(m.Record.Date)}"]));
        }
        return doc.WritePdf(output, new DocumentInfo($"Bank reconciliation, {accountName}, {Words.Period(view.From, view.To)}", view.CouncilName, "Bank reconciliation"));
    }

    public static void WriteCsv(ReconciliationView view, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(view);
        var rows = view.Matched.Select(m => Row("matched", m.Line, m.Record, m.DaysApart))
            .Concat(view.BankOnly.Select(l => Row("bank-only", l, null, null)))
            .Concat(view.LedgerOnly.Select(r => Row("ledger-only", null, r, null)));
        CsvTable.Write(output, CsvHeader, rows);
    }

    private static IReadOnlyList<string> Row(string status, ReconciledLine? line, ReconciledRecord? record, int? days) =>
    [
        status, CsvValues.Date(line?.Date), line is null ? "" : CsvValues.Amount(line.Amount), line?.Text ?? "", record?.Kind ?? "", CsvValues.Date(record?.Date),
        record is null ? "" : CsvValues.Amount(record.Amount), record?.Payee ?? "", record?.Reference ?? "",
        days?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "", line?.DraftSpendId?.ToString() ?? "",
    ];
}

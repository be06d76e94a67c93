using System.Globalization;
using SdsLedger.Features.Payments;

namespace SdsLedger.Documents.Banking;

/// <summary>
/// A remittance advice: for one payee, what one payment from the council is for, instalment by instalment. The account
/// is shown masked; the bank file is the only place it is whole. Nothing on it says why a person has a budget.
/// </summary>
public static class RemittanceAdviceDocument
{
    public static readonly IReadOnlyList<string> CsvHeader =
        ["payment_reference", "end_to_end_id", "payment_date", "payee", "account", "person_reference", "person_name", "part", "due_on", "amount"];

    public static int WritePdf(RemittanceAdvice advice, Stream output)
    {
        ArgumentNullException.ThrowIfNull(advice);
        var forProvider = advice.PayeeKind == "organisation";
        var doc = new DocumentBuilder(DocumentStyle.Standard)
            .Heading("Remittance advice")
            .KeyValue("To", advice.PayeeName)
            .KeyValue("From", advice.CouncilName)
            .KeyValue("Amount", Words.Amount(advice.Amount))
            .KeyValue("Paid on", Words.Date(advice.PaymentDate))
            .KeyValue("Into the account", advice.MaskedAccount)
            .KeyValue("Reference on your statement", advice.Reference)
            .Paragraph(forProvider
                ? $"This payment is the self-directed support money {advice.CouncilName} pays you to hold for the people below, one line for each " +
                  "instalment. Keep each person's money apart, as agreed, and show it in your return."
                : $"This payment is your self-directed support budget from {advice.CouncilName}: the instalments below, paid into the account " +
                  "you gave us for it. Keep your receipts; we may ask to see how the money was spent.")
            .Table(
                [new("Person", 2), TableColumn.Fitted("Part"), TableColumn.Fitted("Due"), TableColumn.Amount("Amount")],
                advice.Lines.Select(l => (IReadOnlyList<string>)
                    [$"{l.PersonName}\n{l.PersonReference}", l.PartPosition.ToString(CultureInfo.InvariantCulture), Words.ShortDate(l.DueOn), Words.Amount(l.Amount)]),
                ["Total", "", "", Words.Amount(advice.Amount)])
            .Paragraph($"Questions about this payment: {advice.CouncilContact}. Please quote {advice.EndToEndId}.");
        return doc.WritePdf(output, new DocumentInfo($"Remittance advice, {Words.Date(advice.PaymentDate)}", advice.CouncilName, "Self-directed support payment"));
    }

    public static void WriteCsv(RemittanceAdvice advice, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(advice);
        CsvTable.Write(output, CsvHeader, advice.Lines.Select(l => (IReadOnlyList<string>)
        [
            advice.Reference, advice.EndToEndId, CsvValues.Date(advice.PaymentDate), advice.PayeeName, advice.MaskedAccount, l.PersonReference, l.PersonName,
            l.PartPosition.ToString(CultureInfo.InvariantCulture), CsvValues.Date(l.DueOn), CsvValues.Amount(l.Amount),
        ]));
    }
}

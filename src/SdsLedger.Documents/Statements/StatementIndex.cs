using System.Globalization;
using NodaTime;
using SdsLedger.Domain;
using SdsLedger.Features.Statements;

namespace SdsLedger.Documents.Statements;

/// <summary>One statement written in a run: whose, in which format, which files, how many pages, and the figures it shows.</summary>
public sealed record StatementIndexEntry(
    string PersonReference, string PersonName, Guid BudgetId, bool IsTest, StatementFormat Format, string PdfFile, string HtmlFile, int Pages,
    LocalDate From, LocalDate To, Money Opening, Money MoneyIn, Money Spent, Money PaidBack, Money OtherOut, Money Closing, Money SetAside)
{
    /// <summary>Keeps only the figures, so that a run's index stays small however many statements it writes.</summary>
    public static StatementIndexEntry For(StatementView s, StatementFormat format, string pdfFile, string htmlFile, int pages)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.PersonReference, s.PersonName, s.BudgetId, s.IsTest, format, pdfFile, htmlFile, pages, s.From, s.To,
            s.Opening, s.MoneyIn, s.Spent, s.Returned, s.OtherOut, s.Closing, s.SetAside);
    }
}

/// <summary>The index of a statement run as CSV: a row per statement, in the order given.</summary>
public static class StatementIndex
{
    public static readonly IReadOnlyList<string> Header =
    [
        "person_reference", "person_name", "budget_id", "test_budget", "format", "pdf_file", "html_file", "pages", "from", "to",
        "opening", "money_in", "spent", "paid_back", "other_out", "closing", "set_aside",
    ];

    public static void Write(TextWriter output, IEnumerable<StatementIndexEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        CsvTable.Write(output, Header, entries.Select(e => (IReadOnlyList<string>)
        [
            e.PersonReference, e.PersonName, e.BudgetId.ToString(), CsvValues.YesNo(e.IsTest), e.Format.Code(), e.PdfFile, e.HtmlFile,
            e.Pages.ToString(CultureInfo.InvariantCulture), CsvValues.Date(e.From), CsvValues.Date(e.To), CsvValues.Amount(e.Opening),
            CsvValues.Amount(e.MoneyIn), CsvValues.Amount(e.Spent), CsvValues.Amount(e.PaidBack), CsvValues.Amount(e.OtherOut),
            CsvValues.Amount(e.Closing), CsvValues.Amount(e.SetAside),
        ]));
    }
}

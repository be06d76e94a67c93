using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using NodaTime;
using NodaTime.Text;
using SdsLedger.Domain;

namespace SdsLedger.Banking.Statements;

/// <summary>
/// Reads a bank's CSV export, or a prepaid card platform's feed, with CsvHelper. The columns are found by their
/// header (in any order and case, after any lines of account details above it): a date, either one signed amount or
/// paid in and paid out, a description, and optionally a running balance; a card feed also has the merchant's name and
/// merchant category code. <see cref="Profiles"/> names the exports of the large UK banks, which all read this way; an
/// HSBC export has no header at all (date, description, amount). Bad lines are all reported, by line and column.
/// </summary>
public static class CsvStatementReader
{
    /// <summary>A bank's export, recognised by its exact header, so the import can say whose export it read.</summary>
    public sealed record Profile(string Bank, IReadOnlyList<string> Header);

    public static readonly IReadOnlyList<Profile> Profiles =
    [
        new("Barclays", ["Number", "Date", "Account", "Amount", "Subcategory", "Memo"]),
        new("Lloyds, Halifax or Bank of Scotland", ["Transaction Date", "Transaction Type", "Sort Code", "Account Number", "Transaction Description", "Debit Amount", "Credit Amount", "Balance"]),
        new("NatWest, RBS or Ulster Bank", ["Date", "Type", "Description", "Value", "Balance", "Account Name", "Account Number"]),
        new("Nationwide", ["Date", "Transaction type", "Description", "Paid out", "Paid in", "Balance"]),
        new("Santander", ["Date", "Description", "Amount", "Balance"]),
        new("Monzo", ["Transaction ID", "Date", "Time", "Type", "Name", "Emoji", "Category", "Amount", "Currency", "Local amount", "Local currency", "Notes and #tags", "Address", "Receipt", "Description", "Category split", "Money Out", "Money In"]),
        new("Starling", ["Date", "Counter Party", "Reference", "Type", "Amount (GBP)", "Balance (GBP)", "Spending Category", "Notes"]),
        new("HSBC (no header: date, description, amount)", []),
    ];

    private static readonly string[] DateNames = ["date", "transactiondate", "postingdate", "posteddate", "completeddate"];
    private static readonly string[] AmountNames = ["amount", "value", "amountgbp", "transactionamount"];
    private static readonly string[] InNames = ["paidin", "moneyin", "creditamount", "credit", "credits", "in"];
    private static readonly string[] OutNames = ["paidout", "moneyout", "debitamount", "debit", "debits", "out"];
    private static readonly string[] DescriptionNames = ["description", "transactiondescription", "memo", "details", "narrative"];
    private static readonly string[] PartyNames = ["name", "counterparty", "payee"];
    private static readonly string[] ReferenceNames = ["reference", "paymentreference"];
    private static readonly string[] BalanceNames = ["balance", "balancegbp", "runningbalance"];
    private static readonly string[] MerchantNames = ["merchant", "merchantname"];
    private static readonly string[] MccNames = ["mcc", "merchantcategorycode", "categorycode"];
    private static readonly string[] IdNames = ["transactionid", "id", "transactionreference", "fitid"];
    private static readonly string[] PersonNames = ["person", "personreference", "cardholderreference", "cardholder"];

    private static readonly LocalDatePattern[] DatePatterns =
        new[] { "uuuu-MM-dd", "dd/MM/uuuu", "d/M/uuuu", "dd/MM/yy", "dd MMM uuuu", "d MMM uuuu", "dd-MMM-uuuu", "dd-MMM-yy", "dd.MM.uuuu" }
            .Select(p => LocalDatePattern.Create(p, CultureInfo.InvariantCulture)).ToArray();

    public static (BankStatement Statement, string Profile) Read(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var rows = Rows(input);
        var headerAt = rows.FindIndex(r => Column(r.Fields, DateNames) >= 0 && (Column(r.Fields, AmountNames) >= 0 || Column(r.Fields, InNames) >= 0 || Column(r.Fields, OutNames) >= 0));
        if (headerAt < 0)
        {
            var data = rows.Where(r => r.Fields.Any(f => f.Length > 0)).ToList();
            if (data.Count > 0 && data.All(r => r.Fields.Length == 3) && TryDate(data[0].Fields[0], out _))
                return (Headerless(data), Profiles[^1].Bank);
            throw new StatementFormatException("line 1", "no line names the columns: a statement CSV needs a header with a date and an amount (or paid in and paid out) column, " +
                "for example: Date,Description,Amount,Balance");
        }
        var header = rows[headerAt].Fields;
        var profile = Profiles.FirstOrDefault(p => p.Header.Count > 0 && p.Header.Count == header.Length
            && p.Header.Zip(header).All(x => string.Equals(x.First, x.Second.Trim(), StringComparison.OrdinalIgnoreCase)))?.Bank;

        var date = Column(header, DateNames);
        var amount = Column(header, AmountNames);
        var paidIn = Column(header, InNames);
        var paidOut = Column(header, OutNames);
        var mcc = Column(header, MccNames);
        var merchant = Column(header, MerchantNames);
        // With no description column, the other party and the reference together say what the line was (Starling's export).
        var description = Column(header, DescriptionNames);
        var party = description < 0 ? Column(header, PartyNames) : -1;
        var reference = description < 0 ? Column(header, ReferenceNames) : -1;
        var balance = Column(header, BalanceNames);
        var id = Column(header, IdNames);
        var person = Column(header, PersonNames);
        var isCardFeed = mcc >= 0;
        if (description < 0 && merchant < 0 && party < 0 && reference < 0)
            throw new StatementFormatException($"line {rows[headerAt].Line}", "the header has no description column (description, memo, details, narrative, name or reference)");

        var lines = new List<StatementLine>();
        var problems = new List<StatementProblem>();
        foreach (var row in rows.Skip(headerAt + 1))
        {
            var f = row.Fields;
            if (f.All(x => x.Trim().Length == 0)) continue;
            string Field(int i) => i >= 0 && i < f.Length ? f[i].Trim() : "";
            void Problem(string column, string message) => problems.Add(new StatementProblem($"line {row.Line}, {column}", message));

            if (!TryDate(Field(date), out var day)) Problem(header[date].Trim(), $"'{Field(date)}' is not a date; write it like 27/10/2026 or 2026-10-27");
            Money money = default;
            if (amount >= 0)
            {
                if (!TryMoney(Field(amount), out money)) Problem(header[amount].Trim(), $"'{Field(amount)}' is not an amount in pounds and pence");
                // A card feed lists spending as positive amounts; money back to the card is negative.
                else if (isCardFeed) money = -money;
            }
            else
            {
                var hasIn = TryMoney(Field(paidIn), out var moneyIn);
                var hasOut = TryMoney(Field(paidOut), out var moneyOut);
                if (Field(paidIn).Length > 0 && !hasIn) Problem(header[paidIn].Trim(), $"'{Field(paidIn)}' is not an amount in pounds and pence");
                else if (Field(paidOut).Length > 0 && !hasOut) Problem(header[paidOut].Trim(), $"'{Field(paidOut)}' is not an amount in pounds and pence");
                else if (!hasIn && !hasOut) Problem(paidIn >= 0 ? header[paidIn].Trim() : header[paidOut].Trim(), "neither paid in nor paid out has an amount");
                else money = (hasIn ? Money.FromPence(Math.Abs(moneyIn.Pence)) : Money.Zero) - (hasOut ? Money.FromPence(Math.Abs(moneyOut.Pence)) : Money.Zero);
            }
            Money? after = null;
            if (balance >= 0 && Field(balance).Length > 0)
            {
                if (TryMoney(Field(balance), out var b)) after = b;
                else Problem(header[balance].Trim(), $"'{Field(balance)}' is not a balance in pounds and pence");
            }
            var code = Field(mcc);
            // Money onto the card (a load from the council, a refund) need not come from a merchant.
            if (isCardFeed && (code.Length != 4 || !code.All(char.IsAsciiDigit)) && !(code.Length == 0 && money.IsPositive))
                Problem(header[mcc].Trim(), $"'{code}' is not a merchant category code; it is four digits, like 5411");
            var text = description >= 0 ? Field(description)
                : party >= 0 || reference >= 0 ? string.Join(" ", new[] { Field(party), Field(reference) }.Where(t => t.Length > 0))
                : Field(merchant);
            if (text.Length > 300) Problem("description", "is longer than 300 characters");
            lines.Add(new StatementLine(row.Line, day, money, text, merchant >= 0 ? Field(merchant) : null, id >= 0 && Field(id).Length > 0 ? Field(id) : null,
                merchant >= 0 ? Field(merchant) : null, isCardFeed && code.Length > 0 ? code : null, after, person >= 0 && Field(person).Length > 0 ? Field(person) : null));
        }
        if (problems.Count > 0) throw new StatementFormatException(problems);
        if (lines.Count == 0) throw new StatementFormatException($"line {rows[headerAt].Line}", "there are no lines under the header");

        // Many banks list the newest first; a statement is kept oldest first so each running balance follows the one before.
        if (lines[0].Date > lines[^1].Date) lines.Reverse();
        Money? opening = lines[0].BalanceAfter is { } first ? first - lines[0].Amount : null;
        var statement = new BankStatement(isCardFeed ? BankFileFormat.CardFeed : BankFileFormat.Csv, null, null, "GBP", lines[0].Date, lines[^1].Date,
            opening, lines[^1].BalanceAfter, lines);
        return (statement, isCardFeed ? "prepaid card feed" : profile ?? "bank export (columns found by their names)");
    }

    private static BankStatement Headerless(List<(int Line, string[] Fields)> rows)
    {
        var lines = new List<StatementLine>();
        var problems = new List<StatementProblem>();
        foreach (var (line, f) in rows)
        {
            if (!TryDate(f[0], out var day)) problems.Add(new StatementProblem($"line {line}, column 1", $"'{f[0].Trim()}' is not a date"));
            if (!TryMoney(f[2], out var money)) problems.Add(new StatementProblem($"line {line}, column 3", $"'{f[2].Trim()}' is not an amount in pounds and pence"));
            lines.Add(new StatementLine(line, day, money, f[1].Trim()));
        }
        if (problems.Count > 0) throw new StatementFormatException(problems);
        if (lines[0].Date > lines[^1].Date) lines.Reverse();
        return new BankStatement(BankFileFormat.Csv, null, null, "GBP", lines[0].Date, lines[^1].Date, null, null, lines);
    }

    private static List<(int Line, string[] Fields)> Rows(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.ToArray()).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            // Older exports are Windows-1252; read as Latin-1, the pound sign and the letters in payees' names come out right.
            text = Encoding.Latin1.GetString(buffer.ToArray());
        }
        var problems = new List<StatementProblem>();
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = false,
            MissingFieldFound = null,
            DetectColumnCountChanges = false,
            BadDataFound = a => problems.Add(new StatementProblem($"line {a.Context.Parser!.RawRow}", "its quotes do not pair up")),
        };
        using var csv = new CsvParser(new StringReader(text), config);
        var rows = new List<(int, string[])>();
        while (csv.Read())
        {
            if (rows.Count >= 200_000) throw new StatementFormatException($"line {csv.RawRow}", "the file has more than 200,000 lines; split it by month");
            rows.Add((csv.RawRow, csv.Record ?? []));
        }
        if (problems.Count > 0) throw new StatementFormatException(problems);
        if (rows.Count == 0) throw new StatementFormatException("line 1", "the file is empty");
        return rows;
    }

    /// <summary>The column named by the first of the names (in their order of preference) the header has, or -1.</summary>
    private static int Column(string[] header, string[] names)
    {
        var normalised = header.Select(h => new string(h.Where(char.IsLetterOrDigit).ToArray()).ToLowerInvariant()).ToArray();
        foreach (var name in names)
        {
            var i = Array.IndexOf(normalised, name);
            if (i >= 0) return i;
        }
        return -1;
    }

    private static bool TryDate(string text, out LocalDate date)
    {
        var t = text.Trim();
        foreach (var pattern in DatePatterns)
        {
            var parsed = pattern.Parse(t);
            if (parsed.Success && parsed.Value.Year is >= 2000 and <= 2100)
            {
                date = parsed.Value;
                return true;
            }
        }
        date = default;
        return false;
    }

    /// <summary>"12.50", "-12.50", "£1,200.00", "(12.50)" or "12.50 DR".</summary>
    private static bool TryMoney(string text, out Money money)
    {
        var t = text.Trim().Replace("£", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal).Replace("GBP", "", StringComparison.OrdinalIgnoreCase).Trim();
        var negative = false;
        if (t.StartsWith('(') && t.EndsWith(')')) (t, negative) = (t[1..^1], true);
        else if (t.EndsWith("DR", StringComparison.OrdinalIgnoreCase)) (t, negative) = (t[..^2].Trim(), true);
        else if (t.EndsWith("CR", StringComparison.OrdinalIgnoreCase)) t = t[..^2].Trim();
        if (Money.TryParse(t, out money) && Math.Abs(money.Pence) <= 100_000_000_00)
        {
            if (negative) money = -money;
            return true;
        }
        return false;
    }
}

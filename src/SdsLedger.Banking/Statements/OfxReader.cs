using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using NodaTime;
using SdsLedger.Domain;

namespace SdsLedger.Banking.Statements;

/// <summary>
/// Reads an Open Financial Exchange statement: OFX 2.x is XML and is read as it is; OFX 1.x is SGML, whose elements
/// may leave out their end tags, so it is first turned into XML (<see cref="SgmlToXml"/>) and then read the same way
/// with System.Xml. A bank statement (STMTRS) or a card statement (CCSTMTRS): its account, period, lines (STMTTRN) and
/// closing balance (LEDGERBAL). OFX gives no opening balance, so it is taken as the closing balance less the lines.
/// No NuGet package the mirror serves reads OFX, hence this small reader.
/// </summary>
public static class OfxReader
{
    public static BankStatement Read(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        var text = Decode(buffer.ToArray());
        var start = text.IndexOf("<OFX>", StringComparison.OrdinalIgnoreCase);
        if (start < 0) throw new StatementFormatException("the header", "there is no <OFX> element: this is not an OFX file");
        var body = text[start..];
        var isXml = text.TrimStart().StartsWith("<?xml", StringComparison.Ordinal) || text[..start].Contains("OFXHEADER=\"2", StringComparison.Ordinal);
        XDocument doc;
        try
        {
            var xml = isXml ? body : SgmlToXml(body);
            using var reader = XmlReader.Create(new StringReader(xml), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new StatementFormatException($"line {e.LineNumber + LineOf(text, start) - 1}", $"the OFX elements do not nest properly ({e.Message})");
        }

        var statement = doc.Descendants().FirstOrDefault(e => e.Name.LocalName is "STMTRS" or "CCSTMTRS")
                        ?? throw new StatementFormatException("<OFX>", "it has no bank (<STMTRS>) or card (<CCSTMTRS>) statement");
        var accountFrom = statement.Element("BANKACCTFROM") ?? statement.Element("CCACCTFROM");
        var account = accountFrom is null ? null : string.Join(" ", new[] { Value(accountFrom, "BANKID"), Value(accountFrom, "ACCTID") }.Where(v => v is not null));
        var list = statement.Element("BANKTRANLIST") ?? throw new StatementFormatException("<STMTRS>", "it has no list of transactions (<BANKTRANLIST>)");
        var lines = new List<StatementLine>();
        var number = 0;
        foreach (var trn in list.Elements("STMTTRN"))
        {
            number++;
            var where = $"<STMTTRN> {number}";
            var date = Date(Value(trn, "DTPOSTED"), $"{where} <DTPOSTED>") ?? throw new StatementFormatException(where, "it has no date posted (<DTPOSTED>)");
            var amount = Amount(Value(trn, "TRNAMT"), $"{where} <TRNAMT>");
            var name = Value(trn, "NAME") ?? Value(trn, "PAYEE");
            var memo = Value(trn, "MEMO");
            var description = string.Join(" ", new[] { name, memo }.Where(t => !string.IsNullOrEmpty(t)));
            lines.Add(new StatementLine(number, date, amount, description, name, Value(trn, "FITID")));
        }
        var ledger = statement.Element("LEDGERBAL");
        Money? closing = ledger is null ? null : Amount(Value(ledger, "BALAMT"), "<LEDGERBAL> <BALAMT>");
        var movement = lines.Aggregate(Money.Zero, (sum, l) => sum + l.Amount);
        return new BankStatement(BankFileFormat.Ofx, null, account, Value(statement, "CURDEF") ?? "GBP", Date(Value(list, "DTSTART"), "<DTSTART>"), Date(Value(list, "DTEND"), "<DTEND>"),
            closing - movement, closing, lines);
    }

    /// <summary>
    /// OFX 1.x SGML as XML: a start tag followed by text on the same line ("&lt;TRNAMT&gt;-25.50") is an element whose end tag
    /// SGML lets the file leave out, so it is closed there; aggregates keep their explicit end tags. Text is escaped.
    /// </summary>
    internal static string SgmlToXml(string sgml)
    {
        var xml = new StringBuilder(sgml.Length + sgml.Length / 4);
        var i = 0;
        while (i < sgml.Length)
        {
            var open = sgml.IndexOf('<', i);
            if (open < 0) break;
            var close = sgml.IndexOf('>', open);
            if (close < 0) throw new XmlException("a tag is not closed with '>'", null, LineOf(sgml, open), 0);
            var tag = sgml[(open + 1)..close].Trim();
            var next = sgml.IndexOf('<', close + 1);
            var text = (next < 0 ? sgml[(close + 1)..] : sgml[(close + 1)..next]).Trim();
            if (tag.StartsWith('/'))
            {
                xml.Append('<').Append(tag).Append('>');
            }
            else if (text.Length > 0)
            {
                // An element with a value: closed here unless the file closes it itself straight after.
                xml.Append('<').Append(tag).Append('>').Append(System.Security.SecurityElement.Escape(text));
                var closesItself = next >= 0 && sgml.AsSpan(next).StartsWith($"</{tag}>", StringComparison.OrdinalIgnoreCase);
                if (!closesItself) xml.Append("</").Append(tag).Append('>');
            }
            else
            {
                xml.Append('<').Append(tag).Append('>');
            }
            xml.Append('\n');
            i = next < 0 ? sgml.Length : next;
        }
        return xml.ToString();
    }

    private static string Decode(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            // OFX 1.x files from UK banks often declare CHARSET:1252; as Latin-1 every byte reads, and £ and the letters banks use come out right.
            return Encoding.Latin1.GetString(bytes);
        }
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, Math.Min(index, text.Length)).Count('\n') + 1;

    private static string? Value(XElement parent, string name) => parent.Element(name)?.Value.Trim() is { Length: > 0 } v ? v : null;

    private static Money Amount(string? text, string where)
    {
        var t = (text ?? "").Trim().Replace(",", ".", StringComparison.Ordinal);
        if (!decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pounds)
            || pounds * 100 != decimal.Truncate(pounds * 100) || Math.Abs(pounds) > 100_000_000m)
            throw new StatementFormatException(where, $"'{text}' is not an amount in pounds and pence");
        return Money.FromPounds(pounds);
    }

    /// <summary>OFX dates are YYYYMMDD, often followed by a time and a time zone ("20130831165153.000[-8:PST]").</summary>
    private static LocalDate? Date(string? text, string where)
    {
        if (text is null) return null;
        if (text.Length < 8 || !int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var y)
            || !int.TryParse(text[4..6], NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(text[6..8], NumberStyles.None, CultureInfo.InvariantCulture, out var d)
            || y is < 2000 or > 2100 || m is < 1 or > 12 || d < 1 || d > CalendarSystem.Iso.GetDaysInMonth(y, m))
            throw new StatementFormatException(where, $"'{text}' is not a date (OFX writes them as YYYYMMDD)");
        return new LocalDate(y, m, d);
    }
}

using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using NodaTime;
using NodaTime.Text;
using SdsLedger.Domain;

namespace SdsLedger.Banking.Statements;

/// <summary>
/// Reads an ISO 20022 bank-to-customer statement, camt.053 (versions 001.001.02 and 001.001.08), with System.Xml:
/// the first statement's account, period, opening (OPBD, or PRCD: the previous closing) and closing (CLBD) balances,
/// and one line per booked entry. A problem names the element and the entry it is in.
/// </summary>
public static class Camt053Reader
{
    public static readonly IReadOnlyList<string> Versions = ["camt.053.001.02", "camt.053.001.08"];

    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;

    public static BankStatement Read(Stream input)
    {
        ArgumentNullException.ThrowIfNull(input);
        XDocument doc;
        try
        {
            // No DTDs and no external entities: a statement file is data, never instructions to fetch anything.
            using var reader = XmlReader.Create(input, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
            doc = XDocument.Load(reader, LoadOptions.SetLineInfo);
        }
        catch (XmlException e)
        {
            throw new StatementFormatException($"line {e.LineNumber}", $"this is not well-formed XML ({e.Message})");
        }
        var root = doc.Root!;
        var ns = root.Name.Namespace;
        var version = ns.NamespaceName.Split(':').LastOrDefault() ?? "";
        if (root.Name.LocalName != "Document" || !Versions.Contains(version))
            throw new StatementFormatException("<Document>", $"this is not a camt.053 statement SdsLedger reads (namespace '{ns.NamespaceName}'); it reads {string.Join(" and ", Versions)}");
        var stmt = root.Element(ns + "BkToCstmrStmt")?.Element(ns + "Stmt")
                   ?? throw new StatementFormatException("<BkToCstmrStmt>", "it has no <Stmt> (statement) element");

        var account = stmt.Element(ns + "Acct")?.Element(ns + "Id") is { } id
            ? (id.Element(ns + "IBAN")?.Value ?? id.Element(ns + "Othr")?.Element(ns + "Id")?.Value)?.Trim()
            : null;
        var period = stmt.Element(ns + "FrToDt");
        LocalDate? from = period is null ? null : DateOf(period.Element(ns + "FrDtTm"), "<FrToDt> <FrDtTm>");
        LocalDate? to = period is null ? null : DateOf(period.Element(ns + "ToDtTm"), "<FrToDt> <ToDtTm>");

        Money? opening = null, closing = null;
        foreach (var bal in stmt.Elements(ns + "Bal"))
        {
            var code = bal.Element(ns + "Tp")?.Element(ns + "CdOrPrtry")?.Element(ns + "Cd")?.Value;
            var amount = Signed(bal, ns, $"<Bal> {code}");
            if (code is "OPBD" or "PRCD") opening ??= amount;
            else if (code == "CLBD") closing = amount;
        }

        var lines = new List<StatementLine>();
        var number = 0;
        foreach (var entry in stmt.Elements(ns + "Ntry"))
        {
            number++;
            var where = $"<Ntry> {number}";
            var status = entry.Element(ns + "Sts");
            // Version 08 wraps the status in <Cd>; a pending entry has not moved money yet.
            var statusCode = (status?.Element(ns + "Cd")?.Value ?? status?.Value)?.Trim();
            if (statusCode is "PDNG" or "INFO") continue;
            var booked = entry.Element(ns + "BookgDt") ?? entry.Element(ns + "ValDt")
                         ?? throw new StatementFormatException(where, "it has no booking date (<BookgDt>)");
            var date = DateOf(booked.Element(ns + "Dt") ?? booked.Element(ns + "DtTm"), $"{where} <BookgDt>")
                       ?? throw new StatementFormatException($"{where} <BookgDt>", "it has no date");
            var amount = Signed(entry, ns, where);
            var tx = entry.Element(ns + "NtryDtls")?.Elements(ns + "TxDtls").FirstOrDefault();
            var parties = tx?.Element(ns + "RltdPties");
            var counterparty = amount.IsNegative
                ? Name(parties?.Element(ns + "Cdtr"), ns)
                : Name(parties?.Element(ns + "Dbtr"), ns);
            var texts = new[]
            {
                tx?.Element(ns + "RmtInf")?.Elements(ns + "Ustrd").Select(u => u.Value.Trim()).FirstOrDefault(),
                tx?.Element(ns + "Refs")?.Element(ns + "EndToEndId")?.Value.Trim() is { } e2e && e2e != "NOTPROVIDED" ? e2e : null,
                tx?.Element(ns + "AddtlTxInf")?.Value.Trim(),
                entry.Element(ns + "AddtlNtryInf")?.Value.Trim(),
            };
            var description = string.Join(" ", texts.Where(t => !string.IsNullOrEmpty(t)).Distinct());
            var reference = entry.Element(ns + "AcctSvcrRef")?.Value.Trim() ?? entry.Element(ns + "NtryRef")?.Value.Trim();
            lines.Add(new StatementLine(number, date, amount, description.Length == 0 ? counterparty ?? "" : description, counterparty, reference));
        }
        var currency = stmt.Element(ns + "Acct")?.Element(ns + "Ccy")?.Value.Trim()
                       ?? stmt.Descendants(ns + "Amt").Select(a => (string?)a.Attribute("Ccy")).FirstOrDefault(c => c is not null) ?? "GBP";
        return new BankStatement(BankFileFormat.Camt053, stmt.Element(ns + "Id")?.Value.Trim(), account, currency, from, to, opening, closing, lines);
    }

    private static string? Name(XElement? party, XNamespace ns) =>
        // Version 08 nests the party in <Pty>.
        (party?.Element(ns + "Nm") ?? party?.Element(ns + "Pty")?.Element(ns + "Nm"))?.Value.Trim();

    /// <summary>An amount with its credit or debit indicator: a debit is money out, so negative.</summary>
    private static Money Signed(XElement parent, XNamespace ns, string where)
    {
        var amt = parent.Element(ns + "Amt") ?? throw new StatementFormatException(where, "it has no amount (<Amt>)");
        if (!decimal.TryParse(amt.Value.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pounds) || pounds * 100 != decimal.Truncate(pounds * 100)
            || pounds > 100_000_000m)
            throw new StatementFormatException($"{where} <Amt>", $"'{amt.Value.Trim()}' is not an amount in pounds and pence");
        var money = Money.FromPounds(pounds);
        return parent.Element(ns + "CdtDbtInd")?.Value.Trim() switch
        {
            "CRDT" => money,
            "DBIT" => -money,
            var other => throw new StatementFormatException($"{where} <CdtDbtInd>", $"'{other}' is neither CRDT (money in) nor DBIT (money out)"),
        };
    }

    private static LocalDate? DateOf(XElement? element, string where)
    {
        if (element is null) return null;
        var text = element.Value.Trim();
        var day = text.Length >= 10 ? text[..10] : text;
        var parsed = IsoDate.Parse(day);
        if (!parsed.Success || parsed.Value.Year is < 2000 or > 2100)
            throw new StatementFormatException(where, $"'{text}' is not a date like 2026-10-27");
        return parsed.Value;
    }
}

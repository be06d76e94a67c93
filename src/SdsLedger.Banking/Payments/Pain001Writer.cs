using System.Globalization;
using System.Text;
using System.Xml;
using NodaTime.Text;
using SdsLedger.Banking.Accounts;

namespace SdsLedger.Banking.Payments;

/// <summary>
/// Writes a payment batch as an ISO 20022 customer credit transfer initiation, pain.001.001.09: one payment
/// information block (the council's account, the day to pay), one credit transfer per payee. UK accounts are named by
/// sort code (the agent's clearing system member id, GBDSC) and account number; an IBAN is used where one was given.
/// </summary>
public static class Pain001Writer
{
    public const string Namespace = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";

    private static readonly LocalDateTimePattern IsoDateTime = LocalDateTimePattern.CreateWithInvariantCulture("uuuu'-'MM'-'dd'T'HH':'mm':'ss");

    public static void Write(PaymentBatch batch, Stream output)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(output);
        if (batch.Payments.Count == 0) throw new ArgumentException("A payment file needs at least one payment.", nameof(batch));
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, IndentChars = "  ", NewLineChars = "\n" };
        using var xml = XmlWriter.Create(output, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("Document", Namespace);
        xml.WriteStartElement("CstmrCdtTrfInitn");

        xml.WriteStartElement("GrpHdr");
        Element(xml, "MsgId", BankText.Xml(batch.MessageId, 35));
        Element(xml, "CreDtTm", IsoDateTime.Format(batch.CreatedAt));
        Element(xml, "NbOfTxs", batch.Payments.Count.ToString(CultureInfo.InvariantCulture));
        Element(xml, "CtrlSum", Pounds(batch.Total.Pence));
        xml.WriteStartElement("InitgPty");
        Element(xml, "Nm", BankText.Xml(batch.Originator.Name, 140));
        xml.WriteEndElement();
        xml.WriteEndElement();

        xml.WriteStartElement("PmtInf");
        Element(xml, "PmtInfId", BankText.Xml(batch.MessageId, 35));
        Element(xml, "PmtMtd", "TRF");
        Element(xml, "BtchBookg", "true");
        Element(xml, "NbOfTxs", batch.Payments.Count.ToString(CultureInfo.InvariantCulture));
        Element(xml, "CtrlSum", Pounds(batch.Total.Pence));
        xml.WriteStartElement("ReqdExctnDt");
        Element(xml, "Dt", batch.PaymentDate.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        Party(xml, "Dbtr", batch.Originator.Name);
        Account(xml, "DbtrAcct", batch.Originator.Account, batch.Originator.Iban);
        Agent(xml, "DbtrAgt", batch.Originator.Account);
        foreach (var p in batch.Payments)
        {
            xml.WriteStartElement("CdtTrfTxInf");
            xml.WriteStartElement("PmtId");
            Element(xml, "EndToEndId", BankText.Xml(p.EndToEndId, 35));
            xml.WriteEndElement();
            xml.WriteStartElement("Amt");
            xml.WriteStartElement("InstdAmt");
            xml.WriteAttributeString("Ccy", "GBP");
            xml.WriteString(Pounds(p.Amount.Pence));
            xml.WriteEndElement();
            xml.WriteEndElement();
            Agent(xml, "CdtrAgt", p.Account);
            Party(xml, "Cdtr", p.PayeeName);
            Account(xml, "CdtrAcct", p.Account, p.Iban);
            xml.WriteStartElement("RmtInf");
            Element(xml, "Ustrd", BankText.Xml(p.Reference, 140));
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void Party(XmlWriter xml, string name, string partyName)
    {
        xml.WriteStartElement(name);
        Element(xml, "Nm", BankText.Xml(partyName, 140));
        xml.WriteEndElement();
    }

    private static void Account(XmlWriter xml, string name, UkBankAccount account, Iban? iban)
    {
        xml.WriteStartElement(name);
        xml.WriteStartElement("Id");
        if (iban is not null) Element(xml, "IBAN", iban.Value);
        else
        {
            xml.WriteStartElement("Othr");
            Element(xml, "Id", account.AccountNumber);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        Element(xml, "Ccy", "GBP");
        xml.WriteEndElement();
    }

    /// <summary>The account's bank, named by its sort code as a member of the UK domestic sort code clearing system.</summary>
    private static void Agent(XmlWriter xml, string name, UkBankAccount account)
    {
        xml.WriteStartElement(name);
        xml.WriteStartElement("FinInstnId");
        xml.WriteStartElement("ClrSysMmbId");
        xml.WriteStartElement("ClrSysId");
        Element(xml, "Cd", "GBDSC");
        xml.WriteEndElement();
        Element(xml, "MmbId", account.SortCode);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Element(XmlWriter xml, string name, string value) => xml.WriteElementString(name, value);

    private static string Pounds(long pence) => (pence / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}

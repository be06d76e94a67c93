using System.Text;
using System.Xml;
using System.Xml.Schema;
using NodaTime;
using SdsLedger.Banking.Accounts;
using SdsLedger.Banking.Payments;
using SdsLedger.Domain;

namespace SdsLedger.Banking.Tests;

public sealed class PaymentFileTests
{
    internal static UkBankAccount Account(string sortCode, string number)
    {
        UkBankAccount.TryParse(sortCode, number, ModulusCheck.Shipped, out var account, out var problem).Should().BeTrue(problem?.Message);
        return account!;
    }

    internal static PaymentBatch Batch(int payments = 3)
    {
        var council = new Originator("North Kirkton Council", Account("08-99-99", "66374958"), "123456");
        var payees = Enumerable.Range(1, payments).Select(i => new Payment($"SDS-2026-10-27-{i:0000}", i == 2 ? "Harbour Care & Support (Kirkton) Ltd" : $"Person Number {i}",
            Account("10-79-99", "88837491"), Money.FromPence(12_345 * i), $"NKC SDS NT-102{i:00}")).ToList();
        return new PaymentBatch("SDS-2026-10-27", new LocalDateTime(2026, 10, 27, 9, 30, 0), new LocalDate(2026, 10, 29), council, payees);
    }

    [Fact]
    public void A_pain001_file_is_valid_against_the_ISO_20022_schema_for_version_09()
    {
        using var file = new MemoryStream();
        Pain001Writer.Write(Batch(), file);

        var errors = Validate(file.ToArray());

        errors.Should().BeEmpty();
    }

    [Fact]
    public void The_schema_check_fails_a_file_that_breaks_the_schema()
    {
        using var file = new MemoryStream();
        Pain001Writer.Write(Batch(), file);
        var broken = Encoding.UTF8.GetString(file.ToArray()).Replace("<PmtMtd>TRF</PmtMtd>", "<PmtMtd>CASH</PmtMtd>", StringComparison.Ordinal);

        Validate(Encoding.UTF8.GetBytes(broken)).Should().ContainSingle().Which.Should().Contain("PmtMtd");
    }

    [Fact]
    public void A_pain001_file_carries_each_payees_sort_code_account_amount_and_reference_and_the_totals()
    {
        using var file = new MemoryStream();
        Pain001Writer.Write(Batch(), file);
        var xml = Encoding.UTF8.GetString(file.ToArray());

        xml.Should().Contain("<NbOfTxs>3</NbOfTxs>").And.Contain("<CtrlSum>740.70</CtrlSum>").And.Contain("<Dt>2026-10-29</Dt>")
            .And.Contain("<MmbId>107999</MmbId>").And.Contain("<Id>88837491</Id>").And.Contain("<InstdAmt Ccy=\"GBP\">246.90</InstdAmt>")
            .And.Contain("<Ustrd>NKC SDS NT-10202</Ustrd>").And.Contain("Harbour Care &amp; Support");
    }

    [Fact]
    public void Every_Bacs_Standard_18_record_has_its_published_width_and_each_field_its_content()
    {
        using var file = new MemoryStream();
        BacsStandard18Writer.Write(Batch(), file);
        var records = Encoding.UTF8.GetString(file.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        records.Select(r => r[..4]).Should().Equal("VOL1", "HDR1", "HDR2", "UHL1", "1079", "1079", "1079", "0899", "EOF1", "EOF2", "UTL1");
        records.Where(r => r[..4] is "VOL1" or "HDR1" or "HDR2" or "UHL1" or "EOF1" or "EOF2" or "UTL1").Should().OnlyContain(r => r.Length == 80);
        records[4..8].Should().OnlyContain(r => r.Length == 100);

        string Field(string record, string layout, string name)
        {
            var f = BacsStandard18Writer.Layout[layout].Single(x => x.Name == name);
            return record.Substring(f.Start - 1, f.Width);
        }
        Field(records[0], "VOL1", "owner identification: service user number").Should().Be("123456");
        Field(records[0], "VOL1", "label standard level").Should().Be("1");
        Field(records[1], "HDR1", "file identifier").Should().Be("A123456S  123456 ");
        Field(records[1], "HDR1", "creation date").Should().Be(" 26300", "27 October 2026 is day 300");
        Field(records[2], "HDR2", "record length").Should().Be("00100");
        Field(records[3], "UHL1", "processing day").Should().Be(" 26302", "the payment date, 29 October 2026, is day 302");
        Field(records[3], "UHL1", "work code").Should().Be("1 DAILY  ");

        var second = records[5];
        Field(second, "DATA", "destination sort code").Should().Be("107999");
        Field(second, "DATA", "destination account number").Should().Be("88837491");
        Field(second, "DATA", "transaction code").Should().Be("99");
        Field(second, "DATA", "originating sort code").Should().Be("089999");
        Field(second, "DATA", "originating account number").Should().Be("66374958");
        Field(second, "DATA", "amount in pence").Should().Be("00000024690");
        Field(second, "DATA", "service user name").Should().Be("NORTH KIRKTON COUN");
        Field(second, "DATA", "service user reference").Should().Be("NKC SDS NT-10202  ");
        Field(second, "DATA", "destination account name").Should().Be("HARBOUR CARE & SUP", "Bacs takes upper case and drops the brackets");

        var contra = records[7];
        Field(contra, "DATA", "transaction code").Should().Be("17");
        Field(contra, "DATA", "amount in pence").Should().Be("00000074070");
        Field(contra, "DATA", "service user reference").Should().Be("CONTRA            ");

        Field(records[10], "UTL1", "debit value total").Should().Be("0000000074070");
        Field(records[10], "UTL1", "credit value total").Should().Be("0000000074070");
        Field(records[10], "UTL1", "credit item count").Should().Be("0000003");
        Field(records[10], "UTL1", "debit item count").Should().Be("0000001");
    }

    [Fact]
    public void The_same_batch_writes_the_same_bytes()
    {
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        BacsStandard18Writer.Write(Batch(), first);
        BacsStandard18Writer.Write(Batch(), second);
        Pain001Writer.Write(Batch(), first);
        Pain001Writer.Write(Batch(), second);

        first.ToArray().Should().Equal(second.ToArray());
    }

    [Fact]
    public void The_layout_table_covers_each_record_exactly_with_no_gap_or_overlap()
    {
        foreach (var (name, fields) in BacsStandard18Writer.Layout)
        {
            var position = 1;
            foreach (var f in fields)
            {
                f.Start.Should().Be(position, $"{name} {f.Name} starts where the field before it ends");
                position += f.Width;
            }
            (position - 1).Should().Be(name == "DATA" ? 100 : 80, name);
        }
    }

    private static List<string> Validate(byte[] xml)
    {
        var schemas = new XmlSchemaSet();
        schemas.Add(Pain001Writer.Namespace, Path.Combine(AppContext.BaseDirectory, "Data", "pain.001.001.09.xsd"));
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = schemas };
        settings.ValidationEventHandler += (_, e) => errors.Add(e.Message);
        using var reader = XmlReader.Create(new MemoryStream(xml), settings);
        while (reader.Read())
        {
        }
        return errors;
    }
}

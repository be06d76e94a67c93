using SdsLedger.Banking.Statements;
using SdsLedger.Domain;

namespace SdsLedger.Banking.Tests;

public sealed class StatementReaderTests
{
    private static byte[] Data(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", name));

    [Fact]
    public void The_public_camt053_version_02_example_reads_every_booked_entry_and_says_its_balances_do_not_add_up()
    {
        var (statement, readAs) = StatementFile.Read(Data("oca-camt053-001-02.xml"));

        readAs.Should().Be("camt.053.001.02");
        statement.AccountIdentifier.Should().Be("NL77ABNA0574908765");
        statement.Currency.Should().Be("EUR");
        statement.Lines.Select(l => l.Amount.Pence).Should().Equal(-75425, -66405, 140531);
        statement.Lines[0].Counterparty.Should().Be("INSURANCE COMPANY TESTX");
        statement.Lines[2].Counterparty.Should().Be("3rd party Media");
        statement.Opening.Should().Be(Money.FromPounds(15568.27m));
        statement.Closing.Should().Be(Money.FromPounds(15121.12m));
        statement.BalanceProblem().Should().Contain("opening balance £15,568.27").And.Contain("closing balance is £15,121.12");
    }

    [Fact]
    public void A_camt053_version_08_statement_reads_its_parties_under_Pty_and_leaves_out_pending_entries()
    {
        var (statement, readAs) = StatementFile.Read(Data("camt053-001-08-uk.xml"));

        readAs.Should().Be("camt.053.001.08");
        statement.Currency.Should().Be("GBP");
        statement.Lines.Should().HaveCount(2, "the third entry is pending (PDNG) and has not moved money");
        statement.Lines[0].Should().BeEquivalentTo(new { Amount = Money.FromPounds(-600), Counterparty = "Ailsa MacLeod", BankReference = "BANKREF-0001" });
        statement.Lines[0].Description.Should().Contain("NKC SDS NT-10201").And.Contain("SDS-2026-10-27-0001");
        statement.Lines[1].Description.Should().Contain("Account fee October");
        statement.BalanceProblem().Should().BeNull();
    }

    [Fact]
    public void The_public_OFX_2_example_reads_as_XML_with_the_opening_balance_taken_from_the_closing()
    {
        var (statement, readAs) = StatementFile.Read(Data("oca-ofx-2.ofx"));

        readAs.Should().Be("OFX 2.x (XML)");
        statement.Currency.Should().Be("USD");
        statement.Lines.Select(l => (l.Amount.Pence, l.BankReference)).Should().Equal((-50000, "319378"), (-2550, "319379"), (105, "319380"));
        statement.Lines[0].Description.Should().Be("Acme Landlord Rent payment August");
        statement.Closing.Should().Be(Money.FromPounds(1632.11m));
        statement.Opening.Should().Be(Money.FromPounds(1632.11m + 500m + 25.50m - 1.05m));
        statement.From.Should().Be(new NodaTime.LocalDate(2013, 8, 1));
    }

    [Fact]
    public void The_public_OFX_1_SGML_example_reads_though_its_elements_have_no_end_tags_and_a_payee_has_a_bare_ampersand()
    {
        var (statement, readAs) = StatementFile.Read(Data("ofx-1-sgml.ofx"));

        readAs.Should().Be("OFX 1.x (SGML)");
        statement.Currency.Should().Be("CAD");
        statement.Lines.Select(l => (l.Amount.Pence, l.Description)).Should().Equal((-9891, "GROCER A & Z"), (30886, "DEPOSIT    000000"));
        statement.Closing.Should().Be(Money.FromPounds(256.94m));
    }

    [Theory]
    [InlineData("lloyds.csv", "Lloyds, Halifax or Bank of Scotland")]
    [InlineData("nationwide.csv", "Nationwide")]
    [InlineData("barclays.csv", "Barclays")]
    [InlineData("hsbc.csv", "HSBC (no header: date, description, amount)")]
    [InlineData("monzo.csv", "Monzo")]
    [InlineData("natwest.csv", "NatWest, RBS or Ulster Bank")]
    [InlineData("santander.csv", "Santander")]
    [InlineData("starling.csv", "Starling")]
    public void Each_large_banks_CSV_export_reads_to_the_same_three_lines_oldest_first(string file, string bank)
    {
        var (statement, readAs) = StatementFile.Read(Data(file));

        readAs.Should().Be(bank);
        statement.Lines.Select(l => (l.Date.Day, l.Amount.Pence)).Should().Equal((26, -2340), (27, 60000), (28, -4500));
        statement.Lines[1].Description.Should().Contain("NKC SDS NT-10201");
        statement.BalanceProblem().Should().BeNull();
    }

    [Fact]
    public void A_running_balance_that_does_not_follow_is_named_by_its_line()
    {
        var csv = "Date,Description,Amount,Balance\n2026-10-26,TESCO,-23.40,476.60\n2026-10-27,NKC SDS,600.00,1076.61\n";
        var (statement, _) = StatementFile.Read(System.Text.Encoding.UTF8.GetBytes(csv));

        statement.BalanceProblem().Should().Be("line 3 says the balance after it is £1,076.61, but the balance before it (£476.60) and its amount (+£600.00) make £1,076.60");
    }

    [Fact]
    public void A_prepaid_card_feed_gives_each_purchase_as_money_out_with_its_merchant_and_category_code()
    {
        var (statement, readAs) = StatementFile.Read(Data("card-feed.csv"));

        readAs.Should().Be("prepaid card feed");
        statement.Format.Should().Be(BankFileFormat.CardFeed);
        statement.Lines.Select(l => (l.Amount.Pence, l.MerchantName, l.MerchantCategoryCode, l.BankReference)).Should().Equal(
            (-2340, "TESCO STORES 3234", "5411", "PFS-88001"), (-4500, "KIRKTON LEISURE CENTRE", "7997", "PFS-88002"),
            (-1899, "KIRKTON WINE CELLAR", "5921", "PFS-88003"));
    }

    [Theory]
    [InlineData("Date,Description,Amount\n2026-10-26,TESCO,12.3.4\n", "line 2, Amount: '12.3.4' is not an amount in pounds and pence")]
    [InlineData("Date,Description,Amount\n31/02/2026,TESCO,12.34\n", "line 2, Date: '31/02/2026' is not a date; write it like 27/10/2026 or 2026-10-27")]
    [InlineData("Date,Description,Amount\n2026-10-26,\"TESCO,12.34\n", "its quotes do not pair up")]
    [InlineData("When,What\n2026-10-26,TESCO\n", "no line names the columns")]
    [InlineData("date,amount,merchant,mcc\n2026-10-26,12.00,PUB,59X1\n", "line 2, mcc: '59X1' is not a merchant category code; it is four digits, like 5411")]
    [InlineData("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\"><BkToCstmrStmt><Stmt><Ntry><Amt Ccy=\"GBP\">1.00</Amt><CdtDbtInd>XX</CdtDbtInd><BookgDt><Dt>2026-10-26</Dt></BookgDt></Ntry></Stmt></BkToCstmrStmt></Document>",
        "<Ntry> 1 <CdtDbtInd>: 'XX' is neither CRDT (money in) nor DBIT (money out)")]
    [InlineData("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\"/>", "this is not a camt.053 statement SdsLedger reads")]
    [InlineData("<Document><unclosed>", "this is not well-formed XML")]
    [InlineData("OFXHEADER:100\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><BANKTRANLIST><STMTTRN><DTPOSTED>20261301<TRNAMT>1.00</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>",
        "<STMTTRN> 1 <DTPOSTED>: '20261301' is not a date")]
    public void A_bad_file_is_refused_naming_the_line_or_element_and_what_is_wrong(string content, string expected)
    {
        var read = () => StatementFile.Read(System.Text.Encoding.UTF8.GetBytes(content));

        read.Should().Throw<StatementFormatException>().Which.Message.Should().Contain(expected);
    }

    [Fact]
    public void An_XML_file_that_asks_for_an_external_entity_is_refused_and_nothing_is_fetched()
    {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">&x;</Document>";
        var read = () => StatementFile.Read(System.Text.Encoding.UTF8.GetBytes(xml));

        read.Should().Throw<StatementFormatException>().Which.Message.Should().Contain("not well-formed XML");
    }
}

using SdsLedger.Banking.Accounts;

namespace SdsLedger.Banking.Tests;

/// <summary>The Vocalink specification's own test cases (chapter 3, "Test data and expected results"), every one of them.</summary>
public sealed class ModulusCheckTests
{
    [Theory]
    [InlineData(1, "089999", "66374958", true)]
    [InlineData(2, "107999", "88837491", true)]
    [InlineData(3, "202959", "63748472", true)]
    [InlineData(4, "871427", "46238510", true)]
    [InlineData(5, "872427", "46238510", true)]
    [InlineData(6, "871427", "09123496", true)]
    [InlineData(7, "871427", "99123496", true)]
    [InlineData(8, "820000", "73688637", true)]
    [InlineData(9, "827999", "73988638", true)]
    [InlineData(10, "827101", "28748352", true)]
    [InlineData(11, "134020", "63849203", true)]
    [InlineData(12, "118765", "64371389", true)]
    [InlineData(13, "200915", "41011166", true)]
    [InlineData(14, "938611", "07806039", true)]
    [InlineData(15, "938600", "42368003", true)]
    [InlineData(16, "938063", "55065200", true)]
    [InlineData(17, "772798", "99345694", true)]
    [InlineData(18, "086090", "06774744", true)]
    [InlineData(19, "309070", "02355688", true)]
    [InlineData(20, "309070", "12345668", true)]
    [InlineData(21, "309070", "12345677", true)]
    [InlineData(22, "309070", "99345694", true)]
    [InlineData(23, "938063", "15764273", false)]
    [InlineData(24, "938063", "15764264", false)]
    [InlineData(25, "938063", "15763217", false)]
    [InlineData(26, "118765", "64371388", false)]
    [InlineData(27, "203099", "66831036", false)]
    [InlineData(28, "203099", "58716970", false)]
    [InlineData(29, "089999", "66374959", false)]
    [InlineData(30, "107999", "88837493", false)]
    [InlineData(31, "074456", "12345112", true)]
    [InlineData(32, "070116", "34012583", true)]
    [InlineData(33, "074456", "11104102", true)]
    [InlineData(34, "180002", "00000190", true)]
    public void The_specifications_test_case_gives_its_expected_answer(int testCase, string sortCode, string accountNumber, bool valid)
    {
        var outcome = ModulusCheck.Shipped.Check(sortCode, accountNumber);
        (outcome != ModulusOutcome.Invalid).Should().Be(valid, $"test case {testCase} ({sortCode} {accountNumber}) is {(valid ? "valid" : "invalid")}");
    }

    [Fact]
    public void The_worked_example_of_exception_14_passes_the_first_check()
    {
        ModulusCheck.Shipped.Check("180002", "98093517").Should().Be(ModulusOutcome.Valid);
    }

    [Fact]
    public void A_sort_code_no_rule_covers_cannot_be_checked_and_is_presumed_valid()
    {
        ModulusCheck.Shipped.Check("999999", "12345678").Should().Be(ModulusOutcome.NotCheckable);
    }

    [Fact]
    public void Every_row_of_the_shipped_table_reads_as_fourteen_weights()
    {
        ModulusCheck.Shipped.Rows.Should().BeGreaterThan(20);
    }
}

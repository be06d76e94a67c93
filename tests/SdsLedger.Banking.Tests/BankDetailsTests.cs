using SdsLedger.Banking.Accounts;

namespace SdsLedger.Banking.Tests;

public sealed class BankDetailsTests
{
    [Theory]
    [InlineData("08-99-99", "66374958")]
    [InlineData("089999", "6637 4958")]
    [InlineData(" 08 99 99 ", "66374958")]
    public void A_sort_code_and_account_number_read_as_people_write_them(string sortCode, string number)
    {
        UkBankAccount.TryParse(sortCode, number, ModulusCheck.Shipped, out var account, out _).Should().BeTrue();
        account!.SortCode.Should().Be("089999");
        account.AccountNumber.Should().Be("66374958");
        account.Masked.Should().Be("08-99-99 ******58");
    }

    [Theory]
    [InlineData("0899", "66374958", "sort-code", "six digits")]
    [InlineData("08-99-9x", "66374958", "sort-code", "six digits")]
    [InlineData("089999", "12345", "account-number", "eight digits")]
    [InlineData("089999", "1234567890", "account-number", "nine or ten digit")]
    [InlineData("089999", "66374959", "account-number", "fails the Vocalink modulus check")]
    public void Bad_bank_details_are_refused_naming_the_field_and_the_fix(string sortCode, string number, string field, string message)
    {
        UkBankAccount.TryParse(sortCode, number, ModulusCheck.Shipped, out var account, out var problem).Should().BeFalse();
        account.Should().BeNull();
        problem!.Field.Should().Be(field);
        problem.Message.Should().Contain(message);
    }

    [Fact]
    public void The_refusal_never_repeats_the_whole_account_number()
    {
        UkBankAccount.TryParse("089999", "66374959", ModulusCheck.Shipped, out _, out var problem);
        problem!.Message.Should().NotContain("66374959");
    }

    [Theory]
    [InlineData("GB82 WEST 1234 5698 7654 32", true)]
    [InlineData("GB82WEST12345698765432", true)]
    [InlineData("GB83WEST12345698765432", false)]
    [InlineData("DE89370400440532013000", true)]
    [InlineData("GB82WEST1234569876543", false)]
    [InlineData("not an iban", false)]
    public void An_IBAN_needs_its_mod_97_check_digits_right(string text, bool valid)
    {
        Iban.TryParse(text, ModulusCheck.Shipped, out var iban, out var problem).Should().Be(valid, problem?.Message);
        if (valid) iban!.Masked.Should().EndWith(iban.Value[^4..]);
    }
}

using System.Globalization;

namespace SdsLedger.Domain.Tests;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("12.50", 1250)]
    [InlineData("0.01", 1)]
    [InlineData("-3.10", -310)]
    [InlineData("1234", 123400)]
    public void FromPounds_keeps_whole_pence(string pounds, long pence) =>
        Money.FromPounds(Pounds(pounds)).Should().Be(Money.FromPence(pence));

    [Theory]
    [InlineData("0.001")]
    [InlineData("12.345")]
    [InlineData("-0.005")]
    public void FromPounds_refuses_a_fraction_of_a_penny_rather_than_rounding(string pounds)
    {
        var act = () => Money.FromPounds(Pounds(pounds));

        act.Should().Throw<ArgumentException>().WithMessage("*fraction of a penny*");
    }

    [Theory]
    [InlineData(123450, "£1,234.50")]
    [InlineData(-1200, "-£12.00")]
    [InlineData(0, "£0.00")]
    [InlineData(5, "£0.05")]
    [InlineData(123456789, "£1,234,567.89")]
    public void ToString_shows_pounds_with_thousands_separators_and_the_sign_before_the_pound(long pence, string expected) =>
        Money.FromPence(pence).ToString().Should().Be(expected);

    [Theory]
    [InlineData("£12.50", 1250)]
    [InlineData("12.50", 1250)]
    [InlineData("1,200", 120000)]
    [InlineData("£1,234.50", 123450)]
    [InlineData("-3.10", -310)]
    [InlineData("  7 ", 700)]
    public void TryParse_reads_amounts_as_people_write_them(string text, long pence)
    {
        Money.TryParse(text, out var money).Should().BeTrue();
        money.Should().Be(Money.FromPence(pence));
    }

    [Theory]
    [InlineData("12.345")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("1e5")]
    [InlineData("99999999999999999999")]
    public void TryParse_rejects_what_is_not_a_whole_number_of_pence(string? text)
    {
        Money.TryParse(text, out var money).Should().BeFalse();
        money.Should().Be(Money.Zero);
    }

    [Fact]
    public void Addition_past_the_largest_amount_throws_instead_of_wrapping()
    {
        var act = () => Money.FromPence(long.MaxValue) + Money.FromPence(1);

        act.Should().Throw<OverflowException>();
    }

    [Fact]
    public void Subtraction_past_the_smallest_amount_throws_instead_of_wrapping()
    {
        var act = () => Money.FromPence(long.MinValue) - Money.FromPence(1);

        act.Should().Throw<OverflowException>();
    }

    [Fact]
    public void Negating_the_smallest_amount_throws_instead_of_wrapping()
    {
        var act = () => -Money.FromPence(long.MinValue);

        act.Should().Throw<OverflowException>();
    }

    [Fact]
    public void Multiplication_past_the_largest_amount_throws_instead_of_wrapping()
    {
        var act = () => Money.FromPence(long.MaxValue / 2 + 1) * 2;

        act.Should().Throw<OverflowException>();
    }

    [Fact]
    public void FromPounds_beyond_the_range_of_pence_throws()
    {
        var act = () => Money.FromPounds(100_000_000_000_000_000m);

        act.Should().Throw<OverflowException>();
    }

    [Fact]
    public void Allocate_gives_the_remainder_to_the_last_share()
    {
        Money.FromPence(1000).Allocate(3).Should().Equal(Money.FromPence(333), Money.FromPence(333), Money.FromPence(334));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Allocate_refuses_fewer_than_one_share(int shares)
    {
        var act = () => Money.FromPence(100).Allocate(shares);

        act.Should().Throw<ArgumentOutOfRangeException>();
    }

    private static decimal Pounds(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);
}

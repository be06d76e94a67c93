using CsCheck;

namespace SdsLedger.Domain.Tests;

public sealed class MoneyProperties
{
    private static readonly Gen<Money> AnyAmount = Gen.Long.Select(Money.FromPence);

    /// <summary>Up to ±£10 trillion, so that a sum or difference of two never overflows.</summary>
    private static readonly Gen<Money> Amount = Gen.Long[-1_000_000_000_000_000, 1_000_000_000_000_000].Select(Money.FromPence);

    private static readonly Gen<int> Shares = Gen.Int[1, 500];

    [Fact]
    public void Allocated_parts_always_sum_to_the_whole() =>
        Gen.Select(AnyAmount, Shares).Sample((whole, n) =>
            whole.Allocate(n).Aggregate(Money.Zero, Money.Add) == whole);

    [Fact]
    public void Allocate_gives_exactly_the_number_of_shares_asked_for() =>
        Gen.Select(AnyAmount, Shares).Sample((whole, n) => whole.Allocate(n).Count == n);

    [Fact]
    public void Allocated_parts_differ_by_at_most_the_remainder() =>
        Gen.Select(AnyAmount, Shares).Sample((whole, n) =>
        {
            var parts = whole.Allocate(n);
            var spread = parts.Max().Pence - parts.Min().Pence;
            return spread <= Math.Abs(whole.Pence % n);
        });

    [Fact]
    public void Subtracting_what_was_added_gives_back_the_original() =>
        Gen.Select(Amount, Amount).Sample((a, b) => a + b - b == a);

    [Fact]
    public void Adding_back_what_was_subtracted_gives_back_the_original() =>
        Gen.Select(Amount, Amount).Sample((a, b) => a - b + b == a);

    [Fact]
    public void Addition_is_the_same_in_either_order() =>
        Gen.Select(Amount, Amount).Sample((a, b) => a + b == b + a);

    [Fact]
    public void An_amount_reads_back_from_its_own_text() =>
        Amount.Sample(m => Money.TryParse(m.ToString(), out var read) && read == m);
}

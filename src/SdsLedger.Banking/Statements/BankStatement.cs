using NodaTime;
using SdsLedger.Domain;

namespace SdsLedger.Banking.Statements;

/// <summary>The file formats a statement can come in.</summary>
public enum BankFileFormat
{
    Camt053,
    Ofx,
    Csv,
    CardFeed,
}

/// <summary>
/// One line of a bank or card statement. Amount is signed from the account holder's side: money in is positive, money
/// out negative. BankReference is the bank's own id for the line where the file has one (camt.053's account
/// servicer reference, OFX's FITID, a card feed's transaction id); MerchantCategoryCode comes from card feeds.
/// </summary>
public sealed record StatementLine(
    int Number, LocalDate Date, Money Amount, string Description, string? Counterparty = null, string? BankReference = null,
    string? MerchantName = null, string? MerchantCategoryCode = null, Money? BalanceAfter = null, string? PersonReference = null);

/// <summary>
/// A statement as read from a file: the account it is for (as the file names it), its currency, its period, its opening and closing
/// balances where the file gives them, and its lines in the file's order.
/// </summary>
public sealed record BankStatement(
    BankFileFormat Format, string? StatementId, string? AccountIdentifier, string Currency, LocalDate? From, LocalDate? To, Money? Opening, Money? Closing,
    IReadOnlyList<StatementLine> Lines)
{
    public Money Movement => Lines.Aggregate(Money.Zero, (sum, l) => sum + l.Amount);

    /// <summary>
    /// Whether the balances agree with the lines: opening plus every line is the closing balance, and where lines carry
    /// a running balance each follows from the one before. Null when it agrees; otherwise what disagrees, in words.
    /// </summary>
    public string? BalanceProblem()
    {
        StatementLine? previous = null;
        foreach (var line in Lines)
        {
            if (line.BalanceAfter is { } after && previous?.BalanceAfter is { } before && before + line.Amount != after)
                return $"line {line.Number} says the balance after it is {after}, but the balance before it ({before}) and its amount ({Signed(line.Amount)}) make {before + line.Amount}";
            previous = line;
        }
        if (Opening is { } opening && Closing is { } closing && opening + Movement != closing)
            return $"its opening balance {opening} plus its lines ({Signed(Movement)}) is {opening + Movement}, but it says the closing balance is {closing}";
        return null;
    }

    private static string Signed(Money m) => m.IsNegative ? m.ToString() : "+" + m;
}

/// <summary>Where a statement file is wrong (a line and column, or an XML element) and what is wrong, in plain English.</summary>
public sealed record StatementProblem(string Where, string Problem)
{
    public override string ToString() => $"{Where}: {Problem}";
}

/// <summary>A statement file that cannot be read, with every problem found in it.</summary>
public sealed class StatementFormatException : Exception
{
    public StatementFormatException(string where, string problem) : this([new StatementProblem(where, problem)])
    {
    }

    public StatementFormatException(IReadOnlyList<StatementProblem> problems) : base(string.Join("; ", problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<StatementProblem> Problems { get; }
}

using System.Globalization;

namespace SdsLedger.Domain;

/// <summary>An amount of pounds sterling held as whole pence, with checked arithmetic.</summary>
public readonly record struct Money(long Pence) : IComparable<Money>
{
    public static Money Zero => default;

    public static Money FromPence(long pence) => new(pence);

    /// <summary>Whole pounds and pence; a value with fractions of a penny is refused rather than rounded.</summary>
    public static Money FromPounds(decimal pounds)
    {
        var pence = pounds * 100m;
        if (pence != decimal.Truncate(pence))
            throw new ArgumentException($"£{pounds} has a fraction of a penny; amounts are in whole pence.", nameof(pounds));
        return new Money(checked((long)pence));
    }

    public decimal Pounds => Pence / 100m;
    public bool IsNegative => Pence < 0;
    public bool IsZero => Pence == 0;
    public bool IsPositive => Pence > 0;

    public static Money operator +(Money a, Money b) => new(checked(a.Pence + b.Pence));
    public static Money operator -(Money a, Money b) => new(checked(a.Pence - b.Pence));
    public static Money operator -(Money a) => new(checked(-a.Pence));
    public static Money operator *(Money a, long factor) => new(checked(a.Pence * factor));
    public static bool operator <(Money a, Money b) => a.Pence < b.Pence;
    public static bool operator >(Money a, Money b) => a.Pence > b.Pence;
    public static bool operator <=(Money a, Money b) => a.Pence <= b.Pence;
    public static bool operator >=(Money a, Money b) => a.Pence >= b.Pence;

    public static Money Add(Money a, Money b) => a + b;
    public static Money Subtract(Money a, Money b) => a - b;
    public static Money Negate(Money a) => -a;
    public static Money Multiply(Money a, long factor) => a * factor;

    public int CompareTo(Money other) => Pence.CompareTo(other.Pence);

    public static Money Min(Money a, Money b) => a <= b ? a : b;
    public static Money Max(Money a, Money b) => a >= b ? a : b;

    /// <summary>Splits into <paramref name="shares"/> equal parts; the remainder goes to the last share, so the parts always sum to the whole.</summary>
    public IReadOnlyList<Money> Allocate(int shares)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shares, 1);
        var each = Pence / shares;
        var parts = new Money[shares];
        for (var i = 0; i < shares - 1; i++) parts[i] = new Money(each);
        parts[^1] = new Money(checked(Pence - each * (shares - 1)));
        return parts;
    }

    /// <summary>"£1,234.50", or "-£12.00" for a negative amount.</summary>
    public override string ToString() =>
        (Pence < 0 ? "-" : "") + "£" + (Math.Abs((decimal)Pence) / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);

    /// <summary>Reads "12.50", "£12.50", "1,200" or "-3.10"; refuses fractions of a penny.</summary>
    public static bool TryParse(string? text, out Money money)
    {
        money = Zero;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim().Replace("£", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(t, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pounds))
            return false;
        var pence = pounds * 100m;
        if (pence != decimal.Truncate(pence) || Math.Abs(pence) > long.MaxValue / 2) return false;
        money = new Money((long)pence);
        return true;
    }
}

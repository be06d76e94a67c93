using System.Numerics;

namespace SdsLedger.Banking.Accounts;

/// <summary>
/// An International Bank Account Number (ISO 13616): country, two check digits (mod 97) and the account, up to 34
/// characters. Kept in its electronic form, without spaces. A UK IBAN also carries a sort code and account number,
/// which must pass the modulus check.
/// </summary>
public sealed record Iban
{
    private Iban(string value) => Value = value;

    /// <summary>GB29NWBK60161331926819.</summary>
    public string Value { get; }

    /// <summary>The country and the last four characters: GB** **** **** **** **68 19 as "GB…6819".</summary>
    public string Masked => $"{Value[..2]}******{Value[^4..]}";

    public override string ToString() => Masked;

    /// <summary>An IBAN read back from where it was kept: it passed its checks when it was recorded.</summary>
    public static Iban FromRecorded(string value) =>
        value is { Length: >= 15 and <= 34 } && value.All(char.IsAsciiLetterOrDigit) ? new Iban(value) : throw new ArgumentException("A recorded IBAN is 15 to 34 letters and digits.");

    public static bool TryParse(string? text, ModulusCheck modulus, out Iban? iban, out BankDetailsProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        iban = null;
        problem = null;
        var compact = new string((text ?? "").Where(c => c != ' ').ToArray()).ToUpperInvariant();
        if (compact.Length is < 15 or > 34 || !compact.All(char.IsAsciiLetterOrDigit) || !char.IsAsciiLetter(compact[0]) || !char.IsAsciiLetter(compact[1])
            || !char.IsAsciiDigit(compact[2]) || !char.IsAsciiDigit(compact[3]))
        {
            problem = new BankDetailsProblem("iban", $"'{UkBankAccount.Shown(text)}' is not an IBAN; an IBAN is a country code, two check digits and the account, like GB29 NWBK 6016 1331 9268 19.");
            return false;
        }
        if (Remainder(compact) != 1)
        {
            problem = new BankDetailsProblem("iban", "The IBAN's check digits do not match the rest of it; a character is probably mistyped. Copy it again from the account holder's statement.");
            return false;
        }
        if (compact.StartsWith("GB", StringComparison.Ordinal))
        {
            if (compact.Length != 22 || !compact[4..8].All(char.IsAsciiLetter) || !compact[8..].All(char.IsAsciiDigit))
            {
                problem = new BankDetailsProblem("iban", "A UK IBAN is 22 characters: GB, two check digits, four letters of the bank, the six-digit sort code and the eight-digit account number.");
                return false;
            }
            if (modulus.Check(compact[8..14], compact[14..]) == ModulusOutcome.Invalid)
            {
                problem = new BankDetailsProblem("iban", "The sort code and account number inside this IBAN fail the Vocalink modulus check; check it with the account holder.");
                return false;
            }
        }
        iban = new Iban(compact);
        return true;
    }

    /// <summary>The IBAN with its first four characters moved to the end and letters as numbers (A = 10 … Z = 35), mod 97.</summary>
    private static int Remainder(string compact)
    {
        var rearranged = compact[4..] + compact[..4];
        var digits = new System.Text.StringBuilder(rearranged.Length * 2);
        foreach (var ch in rearranged)
            digits.Append(char.IsAsciiDigit(ch) ? ch.ToString() : (ch - 'A' + 10).ToString(System.Globalization.CultureInfo.InvariantCulture));
        return (int)(BigInteger.Parse(digits.ToString(), System.Globalization.CultureInfo.InvariantCulture) % 97);
    }
}

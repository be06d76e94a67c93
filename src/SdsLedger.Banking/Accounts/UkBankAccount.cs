namespace SdsLedger.Banking.Accounts;

/// <summary>
/// A UK bank account: a six-digit sort code and an eight-digit account number that pass the Vocalink modulus check.
/// Made only through <see cref="TryParse"/>, which reads them as people write them and says what is wrong when it cannot.
/// </summary>
public sealed record UkBankAccount
{
    private UkBankAccount(string sortCode, string accountNumber)
    {
        SortCode = sortCode;
        AccountNumber = accountNumber;
    }

    /// <summary>Six digits, no hyphens: 089999.</summary>
    public string SortCode { get; }

    /// <summary>Eight digits.</summary>
    public string AccountNumber { get; }

    /// <summary>"08-99-99", as printed on cheques and statements.</summary>
    public string SortCodeText => $"{SortCode[..2]}-{SortCode[2..4]}-{SortCode[4..]}";

    /// <summary>Details read back from where they were kept: they passed the modulus check when they were recorded.</summary>
    public static UkBankAccount FromRecorded(string sortCode, string accountNumber)
    {
        if (sortCode is not { Length: 6 } || accountNumber is not { Length: 8 } || !sortCode.All(char.IsAsciiDigit) || !accountNumber.All(char.IsAsciiDigit))
            throw new ArgumentException("Recorded bank details are a six-digit sort code and an eight-digit account number.");
        return new UkBankAccount(sortCode, accountNumber);
    }

    /// <summary>What every output but the bank file shows: the sort code and the last two digits of the account number.</summary>
    public string Masked => $"{SortCodeText} ******{AccountNumber[^2..]}";

    public override string ToString() => Masked;

    /// <summary>
    /// Reads a sort code (089999, 08-99-99 or 08 99 99) and an account number (eight digits; six or seven are padded with
    /// zeros, as the Vocalink specification says), and checks them with <paramref name="modulus"/>. The problem names the
    /// field and the fix.
    /// </summary>
    public static bool TryParse(string? sortCode, string? accountNumber, ModulusCheck modulus, out UkBankAccount? account, out BankDetailsProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(modulus);
        account = null;
        problem = null;
        var sc = Digits(sortCode, "-");
        if (sc is null || sc.Length != 6)
        {
            problem = new BankDetailsProblem("sort-code", $"'{Shown(sortCode)}' is not a sort code; a sort code is six digits, like 08-99-99.");
            return false;
        }
        var number = Digits(accountNumber, "");
        if (number is null || number.Length is < 6 or > 8)
        {
            problem = new BankDetailsProblem("account-number",
                $"'{Shown(accountNumber)}' is not a UK account number; it is eight digits (six or seven are padded with zeros). " +
                "For a nine or ten digit account number, give the eight digits the bank says to use for Bacs payments.");
            return false;
        }
        number = number.PadLeft(8, '0');
        if (modulus.Check(sc, number) == ModulusOutcome.Invalid)
        {
            problem = new BankDetailsProblem("account-number",
                $"The account number ending {number[^2..]} is not a possible account number at sort code {sc[..2]}-{sc[2..4]}-{sc[4..]} " +
                "(it fails the Vocalink modulus check). Check both with the account holder; a digit is probably mistyped or swapped.");
            return false;
        }
        account = new UkBankAccount(sc, number);
        return true;
    }

    /// <summary>The digits of the text, allowing spaces and the given separators; null if anything else is there.</summary>
    internal static string? Digits(string? text, string separators)
    {
        if (text is null) return null;
        var digits = new System.Text.StringBuilder(text.Length);
        foreach (var ch in text.Trim())
        {
            if (ch is >= '0' and <= '9') digits.Append(ch);
            else if (ch != ' ' && !separators.Contains(ch, StringComparison.Ordinal)) return null;
        }
        return digits.ToString();
    }

    internal static string Shown(string? text)
    {
        var t = (text ?? "").Trim();
        var safe = new string(t.Where(c => !char.IsControl(c) && char.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format).ToArray());
        return safe.Length <= 40 ? safe : safe[..40] + "...";
    }
}

/// <summary>What is wrong with a bank detail, and how to put it right.</summary>
public sealed record BankDetailsProblem(string Field, string Message);

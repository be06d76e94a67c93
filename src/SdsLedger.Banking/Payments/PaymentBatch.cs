using NodaTime;
using SdsLedger.Banking.Accounts;
using SdsLedger.Domain;

namespace SdsLedger.Banking.Payments;

/// <summary>
/// The council's account the payments leave from: its name, its sort code and account number, and its Bacs service
/// user number (six characters, given by the council's sponsoring bank).
/// </summary>
public sealed record Originator(string Name, UkBankAccount Account, string ServiceUserNumber, Iban? Iban = null);

/// <summary>
/// One payment to one payee: their name, account and amount, the reference they will see on their bank statement,
/// and an end-to-end id that comes back on the council's own statement.
/// </summary>
public sealed record Payment(string EndToEndId, string PayeeName, UkBankAccount Account, Money Amount, string Reference, Iban? Iban = null);

/// <summary>A payment run's payments, as the bank receives them: paid from one account on one day.</summary>
public sealed record PaymentBatch(string MessageId, LocalDateTime CreatedAt, LocalDate PaymentDate, Originator Originator, IReadOnlyList<Payment> Payments)
{
    public Money Total => Payments.Aggregate(Money.Zero, (sum, p) => sum + p.Amount);
}

/// <summary>Text as the bank files allow it: the characters Bacs accepts, upper case where it asks, cut to the field's width.</summary>
internal static class BankText
{
    /// <summary>Bacs accepts A–Z, 0–9, full stop, ampersand, slash, hyphen and space; anything else becomes a space.</summary>
    public static string Bacs(string text, int width)
    {
        var chars = text.ToUpperInvariant().Select(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '.' or '&' or '/' or '-' or ' ' ? c : ' ').ToArray();
        var cleaned = string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return (cleaned.Length > width ? cleaned[..width] : cleaned).PadRight(width);
    }

    /// <summary>Printable ASCII for the XML file, at most <paramref name="max"/> characters, never empty.</summary>
    public static string Xml(string text, int max)
    {
        var cleaned = string.Join(' ', new string(text.Select(c => c is >= ' ' and <= '~' ? c : ' ').ToArray()).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        if (cleaned.Length == 0) cleaned = "-";
        return cleaned.Length > max ? cleaned[..max] : cleaned;
    }
}

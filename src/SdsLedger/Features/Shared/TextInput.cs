using System.Globalization;
using NodaTime;
using NodaTime.Text;
using SdsLedger.Domain;

namespace SdsLedger.Features.Shared;

/// <summary>Reads amounts, dates and yes/no answers as people type them, and says how to write them when they cannot be read.</summary>
public static class TextInput
{
    public const string DateHelp = "write it like 2026-10-20 or 20/10/2026";

    private static readonly LocalDatePattern IsoDate = LocalDatePattern.Iso;
    private static readonly LocalDatePattern UkDate = LocalDatePattern.CreateWithInvariantCulture("dd/MM/yyyy");

    /// <summary>Pounds and pence above zero: "12.50", "£12.50", "1,200". The problem says what is wrong and how to write it.</summary>
    public static bool TryAmount(string? text, out Money amount, out string problem)
    {
        amount = Money.Zero;
        problem = "";
        var t = (text ?? "").Trim();
        if (t.Length == 0)
        {
            problem = "is empty; give the amount in pounds and pence, like 12.50.";
            return false;
        }
        var plain = t.Replace("£", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal);
        if (!decimal.TryParse(plain, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var pounds))
            problem = $"'{t}' is not an amount; use pounds and pence like 12.50 or £12.50.";
        else if (pounds * 100m != decimal.Truncate(pounds * 100m))
            problem = $"'{t}' has a fraction of a penny; use pounds and pence like {Math.Round(pounds, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture)}.";
        else if (pounds <= 0m)
            problem = $"'{t}' is not more than £0.00; a refund or a mistake is put right by reversing the spend ('sdsledger reverse'), not with a negative amount.";
        else if (pounds > 100_000_000m)
            problem = $"'{t}' is too large: at most £100,000,000.00.";
        else
            amount = Money.FromPounds(pounds);
        return problem.Length == 0;
    }

    /// <summary>A day written as 2026-10-20 or 20/10/2026.</summary>
    public static bool TryDate(string? text, out LocalDate date)
    {
        var t = (text ?? "").Trim();
        var iso = IsoDate.Parse(t);
        if (iso.Success)
        {
            date = iso.Value;
            return true;
        }
        var uk = UkDate.Parse(t);
        date = uk.Success ? uk.Value : default;
        return uk.Success;
    }

    /// <summary>yes, y, true, 1 or no, n, false, 0; empty means no.</summary>
    public static bool? YesNo(string? text) => (text ?? "").Trim().ToLowerInvariant() switch
    {
        "" or "no" or "n" or "false" or "0" => false,
        "yes" or "y" or "true" or "1" => true,
        _ => null,
    };
}

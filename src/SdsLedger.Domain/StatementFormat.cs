namespace SdsLedger.Domain;

/// <summary>
/// The format a person asked for their printed statements in. Kept with the person; each statement run prints every
/// statement in its person's format and writes, for everyone, an HTML copy in the same words, which a screen reader
/// can follow (see <c>StatementFormats</c> for the codes).
/// </summary>
public enum StatementFormat
{
    /// <summary>14 pt, tables and sentences.</summary>
    Standard,

    /// <summary>The standard statement at 18 pt with more space between lines.</summary>
    LargePrint,

    /// <summary>One short sentence per idea beside a picture, at 16 pt or larger; money as "£45.00 for swimming" lines.</summary>
    EasyRead,
}

/// <summary>A statement format's code, the one spelling stored, typed on the command line, sent to the API and written in file names.</summary>
public static class StatementFormats
{
    public static IReadOnlyList<StatementFormat> All { get; } = [StatementFormat.Standard, StatementFormat.LargePrint, StatementFormat.EasyRead];

    /// <summary>The codes as a person reads them in a message: "standard, large-print or easy-read".</summary>
    public static string Choices => string.Join(", ", All.Take(All.Count - 1).Select(Code)) + " or " + Code(All[^1]);

    /// <summary>"standard", "large-print" or "easy-read".</summary>
    public static string Code(this StatementFormat format) => format switch
    {
        StatementFormat.LargePrint => "large-print",
        StatementFormat.EasyRead => "easy-read",
        _ => "standard",
    };

    /// <summary>Reads a code, ignoring case and spaces around it.</summary>
    public static bool TryParse(string? code, out StatementFormat format)
    {
        var trimmed = code?.Trim();
        foreach (var candidate in All)
        {
            if (string.Equals(trimmed, candidate.Code(), StringComparison.OrdinalIgnoreCase))
            {
                format = candidate;
                return true;
            }
        }
        format = StatementFormat.Standard;
        return false;
    }

    /// <summary>A code as stored: the database allows only these, so anything else is a bug.</summary>
    public static StatementFormat Parse(string code) =>
        TryParse(code, out var format) ? format : throw new ArgumentOutOfRangeException(nameof(code), code, "not a statement format");
}

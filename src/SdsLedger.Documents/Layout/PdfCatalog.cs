using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SdsLedger.Documents.Layout;

/// <summary>
/// Adds /Lang to the catalog of a PDF that Skia wrote (Skia has no setting for it): the entry is inserted into
/// the catalog dictionary and every cross-reference offset after it is moved along, so the file stays one clean revision.
/// Only the cross-reference table and trailer at the end are read as text; the rest is copied as bytes (a statement run
/// does this for every PDF, so it must cost little beside drawing it).
/// </summary>
internal static partial class PdfCatalog
{
    private const int XrefEntryLength = 20;

    /// <summary>Where Skia's startxref line sits: within the last bytes of the file.</summary>
    private const int TailLength = 64;

    public static byte[] WithLanguage(ReadOnlySpan<byte> pdf, string language)
    {
        if (!LanguageTag().IsMatch(language))
            throw new ArgumentException($"'{language}' is not a language tag such as en-GB.", nameof(language));

        // Latin-1 maps every byte to one character and back, so offsets in the text are offsets in the file.
        var tailAt = Math.Max(0, pdf.Length - TailLength);
        var startXref = StartXref().Match(Encoding.Latin1.GetString(pdf[tailAt..]));
        if (!startXref.Success)
            throw new InvalidOperationException("The PDF has no startxref where Skia writes it.");
        var xrefAt = int.Parse(startXref.Groups["offset"].Value, CultureInfo.InvariantCulture);
        if (xrefAt <= 0 || xrefAt >= pdf.Length)
            throw new InvalidOperationException("The PDF's startxref points outside the file.");
        // The cross-reference table, the trailer and startxref: the end of the file, from the table on.
        var end = Encoding.Latin1.GetString(pdf[xrefAt..]);
        var trailer = Trailer().Match(end);
        var section = XrefSection().Match(end);
        if (!trailer.Success)
            throw new InvalidOperationException("The PDF has no trailer where Skia writes it.");
        if (!section.Success || section.Index != 0 || section.Groups["first"].Value != "0")
            throw new InvalidOperationException("The PDF's cross-reference table is not the single section Skia writes.");
        var root = int.Parse(trailer.Groups["root"].Value, CultureInfo.InvariantCulture);
        var count = int.Parse(section.Groups["count"].Value, CultureInfo.InvariantCulture);
        var entriesAt = section.Length;
        if (root <= 0 || root >= count || entriesAt + count * XrefEntryLength > end.Length)
            throw new InvalidOperationException("The PDF's cross-reference table does not list its root.");

        var catalogAt = Offset(end, entriesAt, root);
        var catalogType = catalogAt < xrefAt ? pdf[catalogAt..xrefAt].IndexOf("/Type /Catalog"u8) : -1;
        if (catalogType < 0 || !pdf[catalogAt..].StartsWith(Encoding.ASCII.GetBytes($"{root} 0 obj")))
            throw new InvalidOperationException("The PDF's root object is not a catalog where the cross-reference table says.");
        var insertAt = catalogAt + catalogType + "/Type /Catalog".Length;
        var insert = $"\n/Lang ({language})";

        var table = new StringBuilder(end.Length + 16);
        table.Append(end, 0, entriesAt);
        for (var i = 0; i < count; i++)
        {
            var entry = end.Substring(entriesAt + i * XrefEntryLength, XrefEntryLength);
            var offset = long.Parse(entry.AsSpan(0, 10), CultureInfo.InvariantCulture);
            if (entry[17] == 'n' && offset > insertAt)
                entry = (offset + insert.Length).ToString("D10", CultureInfo.InvariantCulture) + entry[10..];
            table.Append(entry);
        }
        var afterEntries = entriesAt + count * XrefEntryLength;
        var offsetAt = tailAt - xrefAt + startXref.Groups["offset"].Index;
        var offsetEnd = offsetAt + startXref.Groups["offset"].Length;
        if (offsetAt < afterEntries)
            throw new InvalidOperationException("The PDF's startxref is not after its cross-reference table.");
        table.Append(end, afterEntries, offsetAt - afterEntries)
             .Append((xrefAt + insert.Length).ToString(CultureInfo.InvariantCulture))
             .Append(end, offsetEnd, end.Length - offsetEnd);
        var tail = Encoding.Latin1.GetBytes(table.ToString());

        var result = new byte[xrefAt + insert.Length + tail.Length];
        pdf[..insertAt].CopyTo(result);
        Encoding.Latin1.GetBytes(insert, result.AsSpan(insertAt));
        pdf[insertAt..xrefAt].CopyTo(result.AsSpan(insertAt + insert.Length));
        tail.CopyTo(result.AsSpan(xrefAt + insert.Length));
        return result;
    }

    private static int Offset(string text, int entriesAt, int objectNumber) =>
        int.Parse(text.AsSpan(entriesAt + objectNumber * XrefEntryLength, 10), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"startxref\s+(?<offset>\d+)\s+%%EOF\s*$", RegexOptions.RightToLeft)]
    private static partial Regex StartXref();

    [GeneratedRegex(@"trailer\s*<<.*?/Root (?<root>\d+) 0 R", RegexOptions.Singleline)]
    private static partial Regex Trailer();

    [GeneratedRegex(@"^xref\n(?<first>\d+) (?<count>\d+)\n")]
    private static partial Regex XrefSection();
}

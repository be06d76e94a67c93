using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SdsLedger.Documents.Layout;

/// <summary>
/// Adds /Lang to the catalog of a PDF that Skia wrote (Skia has no setting for it): the entry is inserted into
/// the catalog dictionary and every cross-reference offset after it is moved along, so the file stays one clean revision.
/// </summary>
internal static partial class PdfCatalog
{
    private const int XrefEntryLength = 20;

    public static byte[] WithLanguage(ReadOnlySpan<byte> pdf, string language)
    {
        if (!LanguageTag().IsMatch(language))
            throw new ArgumentException($"'{language}' is not a language tag such as en-GB.", nameof(language));

        // Latin-1 maps every byte to one character and back, so binary streams survive the round trip.
        var text = Encoding.Latin1.GetString(pdf);
        var startXref = StartXref().Match(text);
        var trailer = Trailer().Match(text);
        if (!startXref.Success || !trailer.Success)
            throw new InvalidOperationException("The PDF has no trailer or startxref where Skia writes them.");
        var xrefAt = int.Parse(startXref.Groups["offset"].Value, CultureInfo.InvariantCulture);
        var root = int.Parse(trailer.Groups["root"].Value, CultureInfo.InvariantCulture);

        var section = XrefSection().Match(text, xrefAt);
        if (!section.Success || section.Index != xrefAt || section.Groups["first"].Value != "0")
            throw new InvalidOperationException("The PDF's cross-reference table is not the single section Skia writes.");
        var count = int.Parse(section.Groups["count"].Value, CultureInfo.InvariantCulture);
        var entriesAt = section.Index + section.Length;

        var catalogAt = Offset(text, entriesAt, root);
        var catalogType = text.IndexOf("/Type /Catalog", catalogAt, StringComparison.Ordinal);
        if (!text.AsSpan(catalogAt).StartsWith($"{root} 0 obj") || catalogType < 0)
            throw new InvalidOperationException("The PDF's root object is not a catalog where the cross-reference table says.");
        var insertAt = catalogType + "/Type /Catalog".Length;
        var insert = $"\n/Lang ({language})";

        var result = new StringBuilder(text.Length + insert.Length + 16);
        result.Append(text, 0, insertAt).Append(insert).Append(text, insertAt, entriesAt - insertAt);
        for (var i = 0; i < count; i++)
        {
            var entry = text.Substring(entriesAt + i * XrefEntryLength, XrefEntryLength);
            var offset = long.Parse(entry.AsSpan(0, 10), CultureInfo.InvariantCulture);
            if (entry[17] == 'n' && offset > insertAt)
                entry = (offset + insert.Length).ToString("D10", CultureInfo.InvariantCulture) + entry[10..];
            result.Append(entry);
        }
        var afterEntries = entriesAt + count * XrefEntryLength;
        result.Append(text, afterEntries, startXref.Groups["offset"].Index - afterEntries)
              .Append((xrefAt + insert.Length).ToString(CultureInfo.InvariantCulture))
              .Append(text, startXref.Groups["offset"].Index + startXref.Groups["offset"].Length,
                      text.Length - startXref.Groups["offset"].Index - startXref.Groups["offset"].Length);
        return Encoding.Latin1.GetBytes(result.ToString());
    }

    private static int Offset(string text, int entriesAt, int objectNumber) =>
        int.Parse(text.AsSpan(entriesAt + objectNumber * XrefEntryLength, 10), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex(@"startxref\s+(?<offset>\d+)\s+%%EOF\s*$", RegexOptions.RightToLeft)]
    private static partial Regex StartXref();

    [GeneratedRegex(@"trailer\s*<<.*?/Root (?<root>\d+) 0 R", RegexOptions.Singleline | RegexOptions.RightToLeft)]
    private static partial Regex Trailer();

    [GeneratedRegex(@"xref\n(?<first>\d+) (?<count>\d+)\n")]
    private static partial Regex XrefSection();
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SdsLedger.Domain;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace SdsLedger.Tests.Documents;

/// <summary>A PDF read back with PdfPig as lines of text per page, and the amounts written on them.</summary>
internal sealed partial class ReadPdf : IDisposable
{
    private ReadPdf(byte[] bytes)
    {
        Bytes = bytes;
        Document = PdfDocument.Open(bytes);
        Pages = Document.GetPages().ToList();
        Lines = Pages.Select(LinesOf).ToList();
    }

    public byte[] Bytes { get; }
    public PdfDocument Document { get; }
    public IReadOnlyList<Page> Pages { get; }

    /// <summary>Each page's lines, top to bottom; words joined by spaces, wide gaps (table cells) by " | ".</summary>
    public IReadOnlyList<IReadOnlyList<PdfLine>> Lines { get; }

    public IEnumerable<PdfLine> AllLines => Lines.SelectMany(l => l);

    /// <summary>Every page's text as running words, for sentences that wrap over several lines.</summary>
    public string Text => string.Join(" ", AllLines.Select(l => l.Text.Replace(" | ", " ", StringComparison.Ordinal)));

    public static ReadPdf Of(byte[] bytes) => new(bytes);

    public static ReadPdf Of(Func<Stream, int> write)
    {
        using var output = new MemoryStream();
        write(output);
        return new ReadPdf(output.ToArray());
    }

    /// <summary>The amounts on a line, in order: "£1,234.50" and "-£12.00" as money.</summary>
    public static IReadOnlyList<Money> Amounts(string text) =>
        AmountPattern().Matches(text).Select(m => Money.TryParse(m.Value, out var money) ? money : throw new FormatException(m.Value)).ToList();

    /// <summary>The one amount on the line that starts with the label.</summary>
    public Money Figure(string label)
    {
        var line = AllLines.Single(l => l.Text.StartsWith(label + " | ", StringComparison.Ordinal) || l.Text.StartsWith(label, StringComparison.Ordinal)
                                        && Amounts(l.Text).Count == 1);
        return Amounts(line.Text).Single();
    }

    public void Dispose() => Document.Dispose();

    private static List<PdfLine> LinesOf(Page page) =>
        page.Letters
            .Where(l => !string.IsNullOrWhiteSpace(l.Value))
            .GroupBy(l => Math.Round(l.StartBaseLine.Y, 1))
            .OrderByDescending(g => g.Key)
            .Select(g => new PdfLine(page.Number, g.OrderBy(l => l.StartBaseLine.X).ToList()))
            .ToList();

    [GeneratedRegex(@"-?£[0-9,]+\.[0-9]{2}")]
    private static partial Regex AmountPattern();
}

internal sealed class PdfLine
{
    public PdfLine(int page, IReadOnlyList<Letter> letters)
    {
        Page = page;
        Letters = letters;
        var text = new StringBuilder();
        for (var i = 0; i < letters.Count; i++)
        {
            if (i > 0)
            {
                var gap = letters[i].StartBaseLine.X - letters[i - 1].EndBaseLine.X;
                if (gap > letters[i].PointSize) text.Append(" | ");
                else if (gap > letters[i].PointSize * 0.15) text.Append(' ');
            }
            text.Append(letters[i].Value);
        }
        Text = text.ToString();
    }

    public int Page { get; }
    public IReadOnlyList<Letter> Letters { get; }
    public string Text { get; }
    public IReadOnlyList<string> Cells => Text.Split(" | ");
    public double Size => Letters.Min(l => l.PointSize);

    public override string ToString() => Text;
}

/// <summary>CSV read back with a plain split-aware parser: the header's names and each row's fields.</summary>
internal static class ReadCsv
{
    public static List<Dictionary<string, string>> Rows(string csv)
    {
        using var reader = new StringReader(csv);
        using var parser = new CsvHelper.CsvReader(reader, CultureInfo.InvariantCulture);
        parser.Read();
        parser.ReadHeader();
        var header = parser.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (parser.Read())
            rows.Add(header.Select((name, i) => (name, value: parser.GetField(i) ?? "")).ToDictionary(x => x.name, x => x.value));
        return rows;
    }

    public static Money Amount(string pounds) =>
        Money.TryParse(pounds, out var money) ? money : throw new FormatException($"'{pounds}' is not an amount");
}

using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SdsLedger.Documents;
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
        var lines = AllLines.Where(l => l.Text.StartsWith(label + " | ", StringComparison.Ordinal) || l.Text.StartsWith(label, StringComparison.Ordinal)
                                        && Amounts(l.Text).Count == 1).ToList();
        if (lines.Count != 1)
            throw new InvalidOperationException($"{lines.Count} lines start with '{label}' and show one amount, not 1:\n{string.Join("\n", AllLines)}");
        return Amounts(lines[0].Text).Single();
    }

    /// <summary>
    /// The sentences of the running text: lines in the regular weight that start where paragraphs, list items and the
    /// sentences beside a picture start (not table cells, labels and values, headings or the page's head and foot),
    /// joined into paragraphs by their spacing and cut after a full stop, question mark or closing quote.
    /// </summary>
    public IReadOnlyList<string> Sentences(DocumentStyle style)
    {
        const double left = 56;
        double[] starts = [left, left + style.BodySize * 1.2, left + style.BodyLine * 2 + style.BodySize];
        var sentences = new List<string>();
        foreach (var page in Lines)
        {
            var paragraph = new List<string>();
            double? last = null;
            foreach (var line in page)
            {
                var running = !line.Text.Contains(" | ", StringComparison.Ordinal)
                              && !(line.Letters[0].FontName ?? "").Contains("Bold", StringComparison.OrdinalIgnoreCase)
                              && starts.Any(x => Math.Abs(line.Letters[0].StartBaseLine.X - x) < 0.6);
                var y = line.Letters[0].StartBaseLine.Y;
                if (!running || last is { } previous && previous - y > style.BodyLine * 1.1)
                {
                    Flush();
                }
                if (running) paragraph.Add(line.Text);
                last = running ? y : null;
            }
            Flush();

            void Flush()
            {
                if (paragraph.Count > 0)
                    sentences.AddRange(SentenceEnd().Split(string.Join(" ", paragraph)).Where(x => x.Trim().Length > 0).Select(x => x.Trim()));
                paragraph.Clear();
            }
        }
        return sentences;
    }

    public static int WordCount(string sentence) => sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(w => w.Any(char.IsLetterOrDigit));

    /// <summary>
    /// How full each page is: from the running head's baseline down to the last line of its body, as a share of the way
    /// down to the footer's baseline (the page number line).
    /// </summary>
    public IReadOnlyList<double> Fill() => Lines.Select(page =>
    {
        var head = page[0].Letters[0].StartBaseLine.Y;
        var foot = page[^1].Letters[0].StartBaseLine.Y;
        var lowest = page.Count > 2 ? page[^2].Letters.Min(l => l.BoundingBox.Bottom) : head;
        return (head - lowest) / (head - foot);
    }).ToList();

    /// <summary>
    /// The pictures drawn in the column left of the text (where an Easy Read section's picture goes), each counted once:
    /// stroked paths there, grouped by how far down the page they are.
    /// </summary>
    public int PicturesInLeftColumn(double columnWidth)
    {
        var count = 0;
        foreach (var page in Pages)
        {
            var shapes = page.Paths
                .Select(p => p.GetBoundingRectangle())
                .OfType<UglyToad.PdfPig.Core.PdfRectangle>()
                .Where(r => r.Left >= 55 && r.Right <= 56 + columnWidth + 1 && r.Width > 1)
                .OrderByDescending(r => r.Top);
            // A picture's shapes start within its height of its first; the next picture starts further down.
            double? top = null;
            foreach (var shape in shapes)
            {
                if (top is not null && shape.Top > top - columnWidth) continue;
                count++;
                top = shape.Top;
            }
        }
        return count;
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

    [GeneratedRegex(@"(?<=[.!?]\u201D?)\s+(?=[A-Z£\u201C0-9\u2022])")]
    private static partial Regex SentenceEnd();
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

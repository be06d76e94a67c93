using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace SdsLedger.Documents.Tests;

/// <summary>A document written to PDF and read back with PdfPig, seen as lines of text per page.</summary>
internal sealed class RenderedPdf : IDisposable
{
    public static readonly DocumentInfo Info = new("Your budget statement: April to June 2025", "The Highland Council", "Self-directed support budget statement");

    private RenderedPdf(byte[] bytes)
    {
        Bytes = bytes;
        Pdf = PdfDocument.Open(bytes);
        Pages = Pdf.GetPages().ToList();
    }

    public byte[] Bytes { get; }
    public PdfDocument Pdf { get; }
    public IReadOnlyList<Page> Pages { get; }

    public static byte[] Write(DocumentBuilder document, DocumentInfo? info = null)
    {
        using var output = new MemoryStream();
        document.WritePdf(output, info ?? Info);
        return output.ToArray();
    }

    public static RenderedPdf Of(DocumentBuilder document, DocumentInfo? info = null) => new(Write(document, info));

    /// <summary>The page's text lines, top to bottom; a wide gap between letters on one line (a table cell boundary) reads as " | ".</summary>
    public static List<TextLine> Lines(Page page) =>
        page.Letters
            .GroupBy(l => Math.Round(l.StartBaseLine.Y, 1))
            .OrderByDescending(g => g.Key)
            .Select(g => new TextLine(g.OrderBy(l => l.StartBaseLine.X).ToList()))
            .ToList();

    public void Dispose() => Pdf.Dispose();
}

internal sealed class TextLine(IReadOnlyList<Letter> letters)
{
    public IReadOnlyList<Letter> Letters { get; } = letters;

    public double Baseline => Letters[0].StartBaseLine.Y;

    public string Text
    {
        get
        {
            var text = new StringBuilder();
            for (var i = 0; i < Letters.Count; i++)
            {
                if (i > 0 && Letters[i].StartBaseLine.X - Letters[i - 1].EndBaseLine.X > Letters[i].PointSize)
                    text.Append(" | ");
                text.Append(Letters[i].Value);
            }
            return text.ToString();
        }
    }

    public IReadOnlyList<string> Cells => Text.Split(" | ");

    public override string ToString() => Text;
}

using SdsLedger.Documents.Layout;
using SkiaSharp;

namespace SdsLedger.Documents;

/// <summary>
/// A document described as content (headings, paragraphs, tables, lists, charts, pictures) and written as an A4 PDF,
/// laid out into pages first so that every page can say "Page n of m", then drawn; or the same content as one HTML file.
/// </summary>
public sealed class DocumentBuilder(DocumentStyle style, PageOrientation orientation = PageOrientation.Portrait)
{
    private readonly DocumentStyle style = style ?? throw new ArgumentNullException(nameof(style));
    private readonly List<IBlock> blocks = [];

    /// <summary>A section heading.</summary>
    public DocumentBuilder Heading(string text) => Add(new HeadingBlock(text, IsMain: true));

    /// <summary>A smaller heading within a section.</summary>
    public DocumentBuilder Subheading(string text) => Add(new HeadingBlock(text, IsMain: false));

    /// <summary>Running text, wrapped at spaces; a newline starts a new line, and a no-break space (U+00A0) keeps words together.</summary>
    public DocumentBuilder Paragraph(string text) => Add(new ParagraphBlock(text));

    /// <summary>A label and its value on one line, such as "Opening balance" and "£1,200.00"; the value is bold.</summary>
    public DocumentBuilder KeyValue(string label, string value, TextAlignment valueAlignment = TextAlignment.Left) =>
        Add(new KeyValueBlock(label, value, valueAlignment));

    /// <summary>
    /// A table as wide as the page's content. Long tables continue on the next page with the header row repeated;
    /// a short one (a quarter of a page or less) is kept on one page when it can be.
    /// <paramref name="totals"/>, when given, is a last row in bold. <paramref name="caption"/> names the table in HTML.
    /// </summary>
    public DocumentBuilder Table(IReadOnlyList<TableColumn> columns, IEnumerable<IReadOnlyList<string>> rows, IReadOnlyList<string>? totals = null,
                                 string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return Table(columns, rows.Select(r => new TableRow(TableRowKind.Cells, r)), totals, caption);
    }

    /// <summary>
    /// A table whose rows may include group headings (a bold line across the table, kept with the row under it)
    /// and bold subtotals. Long tables continue on the next page with the header row repeated.
    /// </summary>
    public DocumentBuilder Table(IReadOnlyList<TableColumn> columns, IEnumerable<TableRow> rows, IReadOnlyList<string>? totals = null,
                                 string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        if (columns.Count == 0)
            throw new ArgumentException("A table needs at least one column.", nameof(columns));
        if (columns.Any(c => !(c.RelativeWidth > 0) || float.IsInfinity(c.RelativeWidth)))
            throw new ArgumentException("Every column needs a relative width above zero.", nameof(columns));
        var rowList = rows.ToList();
        foreach (var row in rowList.Where(r => r.Kind != TableRowKind.Group).Select(r => r.Cells).Concat(totals is null ? [] : [totals]))
        {
            if (row.Count != columns.Count)
                throw new ArgumentException($"A table row has {row.Count} cells but the table has {columns.Count} columns.", nameof(rows));
        }
        if (rowList.Any(r => r.Kind == TableRowKind.Group && r.Cells.Count != 1))
            throw new ArgumentException("A group heading row has one cell, its text.", nameof(rows));
        return Add(new TableBlock(columns, rowList, totals, caption));
    }

    /// <summary>A horizontal bar chart; each bar's value text is printed beside it, so nothing depends on reading the bar length.</summary>
    public DocumentBuilder BarChart(IReadOnlyList<ChartBar> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        if (bars.Count == 0)
            throw new ArgumentException("A bar chart needs at least one bar.", nameof(bars));
        if (bars.Any(b => !(b.Value >= 0) || double.IsInfinity(b.Value)))
            throw new ArgumentException("Bar values must be finite and not negative.", nameof(bars));
        return Add(new BarChartBlock(bars));
    }

    /// <summary>A bulleted list.</summary>
    public DocumentBuilder Bullets(IReadOnlyList<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return items.Count == 0 ? this : Add(new BulletListBlock(items));
    }

    /// <summary>A picture with short sentences beside it, each on its own line: a section of an Easy Read document.</summary>
    public DocumentBuilder Pictured(Picture picture, params IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        if (sentences.Count == 0)
            throw new ArgumentException("A picture needs at least one sentence beside it.", nameof(sentences));
        return Add(new PicturedBlock(picture, sentences));
    }

    /// <summary>A blank line.</summary>
    public DocumentBuilder Spacer() => Add(new SpacerBlock());

    /// <summary>Continues on a new page.</summary>
    public DocumentBuilder PageBreak() => Add(new PageBreakBlock());

    /// <summary>Lays the content out and writes it to <paramref name="output"/> as PDF; returns the number of pages.</summary>
    public int WritePdf(Stream output, DocumentInfo info)
    {
        using var pages = LayOut(info);
        return pages.WritePdf(output);
    }

    /// <summary>The layout pass alone: the content placed on pages, ready to be drawn (the statement batch times the two apart).</summary>
    internal LaidOutDocument LayOut(DocumentInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        var type = new Typesetter();
        try
        {
            var frame = new PageFrame(style, type, info.Title, orientation);
            var flow = new PageFlow(frame, type);
            IBlock[] content = [.. blocks];
            for (var i = 0; i < content.Length; i++)
                content[i].LayOut(flow, content.AsSpan(i + 1));
            return new LaidOutDocument(type, frame, flow.Pages, info);
        }
        catch
        {
            type.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Writes the same content as one self-contained HTML file (no page furniture: the title is the page's title and
    /// the first heading its h1).
    /// </summary>
    public void WriteHtml(TextWriter output, DocumentInfo info)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(info);
        var html = new HtmlPage(output, style);
        html.Begin(info);
        foreach (var block in blocks)
            block.WriteHtml(html);
        html.End();
    }

    private DocumentBuilder Add(IBlock block)
    {
        blocks.Add(block);
        return this;
    }
}

/// <summary>A document laid out into pages, drawn and written as PDF on demand; owns the typesetter that measured it.</summary>
internal sealed class LaidOutDocument(Typesetter type, PageFrame frame, IReadOnlyList<IReadOnlyList<PageItem>> pages, DocumentInfo info) : IDisposable
{
    public int PageCount => pages.Count;

    /// <summary>Draws every page, with its running head and "Page n of m", and writes the PDF; returns the number of pages.</summary>
    public int WritePdf(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        // Skia cannot set the catalog's language, so the PDF is made in memory and the language added on the way out.
        using var pdf = new MemoryStream(1 << 16);
        using (var document = SKDocument.CreatePdf(pdf, Metadata(info)))
        {
            for (var n = 1; n <= pages.Count; n++)
            {
                var canvas = document.BeginPage(frame.Width, frame.Height);
                DrawRunningHeadAndFoot(canvas, type, frame, info, $"Page {n} of {pages.Count}");
                foreach (var item in pages[n - 1])
                    item.Draw(canvas, type);
                document.EndPage();
            }
            document.Close();
        }
        output.Write(PdfCatalog.WithLanguage(pdf.GetBuffer().AsSpan(0, (int)pdf.Length), info.Language));
        return pages.Count;
    }

    public void Dispose() => type.Dispose();

    private static SKDocumentPdfMetadata Metadata(DocumentInfo info)
    {
        var metadata = new SKDocumentPdfMetadata
        {
            Title = info.Title,
            Author = info.Author,
            Subject = info.Subject,
            Creator = "SdsLedger",
            Producer = "SdsLedger",
            RasterDpi = SKDocument.DefaultRasterDpi,
            EncodingQuality = 101,
            PdfA = true,
        };
        if (info.Created is { } created)
        {
            metadata.Creation = created.ToDateTimeUtc();
            metadata.Modified = created.ToDateTimeUtc();
        }
        return metadata;
    }

    private static void DrawRunningHeadAndFoot(SKCanvas canvas, Typesetter type, PageFrame frame, DocumentInfo info, string pageNumber)
    {
        var style = frame.Style;
        var items = new List<PageItem>();
        for (var i = 0; i < frame.HeaderLines.Count; i++)
            items.Add(Line(frame.HeaderLines[i], PageFrame.Left, Weight.Bold, PageFrame.TopMargin + i * style.BodyLine));
        items.Add(new LineItem(new SKPoint(PageFrame.Left, frame.HeaderRuleY), new SKPoint(frame.Right, frame.HeaderRuleY), 0.75f, Colours.Rule));

        items.Add(new LineItem(new SKPoint(PageFrame.Left, frame.FooterRuleY), new SKPoint(frame.Right, frame.FooterRuleY), 0.75f, Colours.Rule));
        items.Add(Line(pageNumber, PageFrame.Left, Weight.Regular, frame.FooterLineTop));
        // The council's name goes on the right of the footer when there is room beside the page number.
        var authorWidth = type.Measure(info.Author, Weight.Regular, style.BodySize);
        var pageNumberWidth = type.Measure(pageNumber, Weight.Regular, style.BodySize);
        if (pageNumberWidth + 2 * style.BodySize + authorWidth <= frame.ContentWidth)
            items.Add(Line(info.Author, frame.Right - authorWidth, Weight.Regular, frame.FooterLineTop));

        foreach (var item in items)
            item.Draw(canvas, type);

        TextItem Line(string text, float x, Weight weight, float top) =>
            new(text, x, top + type.BaselineOffset(weight, style.BodySize, style.BodyLine), weight, style.BodySize);
    }
}

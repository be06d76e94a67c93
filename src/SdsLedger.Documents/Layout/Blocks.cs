using SkiaSharp;

namespace SdsLedger.Documents.Layout;

/// <summary>A piece of content that lays itself out onto the page flow.</summary>
internal interface IBlock
{
    /// <summary>
    /// How much of the block, with the space before it, must be on the same page as its start;
    /// a heading before it keeps that much of it company.
    /// </summary>
    float OpeningHeight(PageFlow flow, ReadOnlySpan<IBlock> following);

    void LayOut(PageFlow flow, ReadOnlySpan<IBlock> following);

    void WriteHtml(HtmlPage html);
}

internal sealed record HeadingBlock(string Text, bool IsMain) : IBlock
{
    public float OpeningHeight(PageFlow flow, ReadOnlySpan<IBlock> following) =>
        SpaceBefore(flow) + HeightWithWhatFollows(flow, following);

    public void LayOut(PageFlow flow, ReadOnlySpan<IBlock> following)
    {
        var style = flow.Style;
        var size = Size(flow);
        var lineHeight = LineHeight(flow);
        var lines = Lines(flow);
        flow.Gap(SpaceBefore(flow));
        // A heading is never left alone at the foot of a page: the start of what follows comes with it.
        flow.KeepTogether(HeightWithWhatFollows(flow, following));
        flow.EnsureRoom(lines.Count * lineHeight + SpaceAfter(flow) + flow.Style.BodyLine * 2);
        foreach (var line in lines)
        {
            flow.AddLine(line, PageFrame.Left, Weight.Bold, size, lineHeight, flow.Y);
            flow.Advance(lineHeight);
        }
        flow.Gap(SpaceAfter(flow));
    }

    public void WriteHtml(HtmlPage html) => html.Heading(Text, IsMain);

    private float HeightWithWhatFollows(PageFlow flow, ReadOnlySpan<IBlock> following) =>
        Lines(flow).Count * LineHeight(flow) + SpaceAfter(flow)
        + (following.IsEmpty ? 0 : following[0].OpeningHeight(flow, following[1..]));

    private float SpaceBefore(PageFlow flow) => flow.Style.BodyLine * (IsMain ? 0.8f : 0.6f);

    private static float SpaceAfter(PageFlow flow) => flow.Style.BodyLine * 0.25f;

    private float Size(PageFlow flow) => IsMain ? flow.Style.HeadingSize : flow.Style.SubheadingSize;

    private float LineHeight(PageFlow flow) => Size(flow) * 1.25f;

    // A heading is a few words, so it may use the page's whole width; the shorter measure is for running text.
    private IReadOnlyList<string> Lines(PageFlow flow) => flow.Type.Wrap(Text, Weight.Bold, Size(flow), flow.Frame.ContentWidth);
}

internal sealed record ParagraphBlock(string Text) : IBlock
{
    // A one-line paragraph that leads into a table, chart or list of figures stays with the start of it; a longer one
    // says enough on its own to end a page, and the table starts the next with its header row.
    private const int IntroductionLines = 1;

    // No single first line at the foot of a page, and a paragraph of three lines or fewer is never split.
    public float OpeningHeight(PageFlow flow, ReadOnlySpan<IBlock> following)
    {
        var lines = Lines(flow).Count;
        return Introduces(lines, following)
            ? lines * flow.Style.BodyLine + Gap(flow) + following[0].OpeningHeight(flow, following[1..])
            : (lines <= 3 ? lines : 2) * flow.Style.BodyLine;
    }

    public void LayOut(PageFlow flow, ReadOnlySpan<IBlock> following)
    {
        var style = flow.Style;
        var lines = Lines(flow);
        flow.KeepTogether(OpeningHeight(flow, following));
        flow.EnsureRoom((lines.Count <= 3 ? lines.Count : 2) * style.BodyLine);
        for (var i = 0; i < lines.Count; i++)
        {
            // No single last line at the head of a page: the last two lines go over together.
            var keep = i == lines.Count - 2 && i >= 2 ? 2 : 1;
            flow.EnsureRoom(keep * style.BodyLine);
            flow.AddLine(lines[i], PageFrame.Left, Weight.Regular, style.BodySize, style.BodyLine, flow.Y);
            flow.Advance(style.BodyLine);
        }
        flow.Gap(Gap(flow));
    }

    public void WriteHtml(HtmlPage html) => html.Paragraph(Text);

    private static bool Introduces(int lines, ReadOnlySpan<IBlock> following) =>
        lines <= IntroductionLines && !following.IsEmpty && following[0] is TableBlock or BarChartBlock or KeyValueBlock or BulletListBlock;

    private static float Gap(PageFlow flow) => flow.Style.BodyLine * 0.5f;

    private IReadOnlyList<string> Lines(PageFlow flow) => flow.Type.Wrap(Text, Weight.Regular, flow.Style.BodySize, flow.Frame.TextWidth);
}

internal sealed record KeyValueBlock(string Label, string Value, TextAlignment ValueAlignment) : IBlock
{
    private const float LabelShare = 0.6f;

    // A run of labels and values (a summary of figures) is kept on one page.
    public float OpeningHeight(PageFlow flow, ReadOnlySpan<IBlock> following)
    {
        var (labelLines, valueLines) = Lines(flow);
        var own = Math.Max(labelLines.Count, valueLines.Count) * flow.Style.BodyLine;
        return !following.IsEmpty && following[0] is KeyValueBlock next
            ? own + Gap(flow) + next.OpeningHeight(flow, following[1..])
            : own;
    }

    public void LayOut(PageFlow flow, ReadOnlySpan<IBlock> following)
    {
        var style = flow.Style;
        var valueLeft = PageFrame.Left + flow.Frame.TextWidth * LabelShare;
        var valueWidth = flow.Frame.TextWidth * (1 - LabelShare);
        var (labelLines, valueLines) = Lines(flow);
        flow.KeepTogether(OpeningHeight(flow, following));
        flow.EnsureRoom(Math.Max(labelLines.Count, valueLines.Count) * style.BodyLine);
        var top = flow.Y;
        for (var i = 0; i < labelLines.Count; i++)
            flow.AddLine(labelLines[i], PageFrame.Left, Weight.Regular, style.BodySize, style.BodyLine, top + i * style.BodyLine);
        for (var i = 0; i < valueLines.Count; i++)
        {
            var x = ValueAlignment == TextAlignment.Right
                ? valueLeft + valueWidth - flow.Type.Measure(valueLines[i], Weight.Bold, style.BodySize)
                : valueLeft;
            flow.AddLine(valueLines[i], x, Weight.Bold, style.BodySize, style.BodyLine, top + i * style.BodyLine);
        }
        flow.Advance(Math.Max(labelLines.Count, valueLines.Count) * style.BodyLine);
        flow.Gap(Gap(flow));
    }

    public void WriteHtml(HtmlPage html) => html.KeyValue(Label, Value);

    private static float Gap(PageFlow flow) => flow.Style.BodyLine * 0.15f;

    private (IReadOnlyList<string> Label, IReadOnlyList<string> Value) Lines(PageFlow flow)
    {
        var style = flow.Style;
        var width = flow.Frame.TextWidth;
        return (flow.Type.Wrap(Label, Weight.Regular, style.BodySize, width * LabelShare - style.BodySize),
                flow.Type.Wrap(Value, Weight.Bold, style.BodySize, width * (1 - LabelShare)));
    }
}

internal sealed record SpacerBlock : IBlock
{
    public float OpeningHeight(PageFlow flow, ReadOnlySpan<IBlock> following) => flow.Style.BodyLine;

    public void LayOut(PageFlow flow, ReadOnlySpan<IBlock> following) => flow.Gap(flow.Style.BodyLine);

    public void WriteHtml(HtmlPage html)
    {
    }
}

internal sealed record PageBreakBlock : IBlock
{
    public float OpeningHeight(PageFlow flow, ReadOnlySpan<IBlock> following) => 0;

    public void LayOut(PageFlow flow, ReadOnlySpan<IBlock> following)
    {
        if (!flow.AtTopOfPage)
            flow.NewPage();
    }

    public void WriteHtml(HtmlPage html)
    {
    }
}

/// <summary>
/// A table across the full content width; rows never split, the header row is repeated on every page,
/// and a group heading row is never left at the foot of a page without the first row under it.
/// The caption names it in HTML; on paper the heading above it does.
/// </summary>
internal sealed record TableBlock(IReadOnlyList<TableColumn> Columns, IReadOnlyList<TableRow> Rows, IReadOnlyList<string>? Totals, string? Caption) : IBlock
{
    // A table does not start with its header row and a single row at the foot of a page.
    private const int OpeningRows = 2;

    // A table no taller than this share of the page's body (a summary of figures) is kept whole on one page when it can be.
    private const float ShortTableShare = 0.25f;

    public float OpeningHeight(PageFlow flow, ReadOnlySpan<IBlock> following) => SpaceBefore(flow) + Opening(flow, Measure(flow));

    public void LayOut(PageFlow flow, ReadOnlySpan<IBlock> following)
    {
        var table = Measure(flow);
        var style = flow.Style;
        flow.Gap(SpaceBefore(flow));
        flow.KeepTogether(Opening(flow, table));
        flow.EnsureRoom(table.Header.Height + table.Rows.Take(OpeningRows).Sum(r => r.Height));
        PlaceHeader();
        var shade = false;
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var keepWith = KeepWith(table, i);
            if (row.Height + keepWith > flow.Remaining)
            {
                flow.NewPage();
                PlaceHeader();
            }
            switch (row.Kind)
            {
                case TableRowKind.Group:
                    shade = false;
                    PlaceGroup(row);
                    break;
                case TableRowKind.Subtotal:
                    Rule(0.5f);
                    Place(row);
                    break;
                default:
                    if (shade)
                        flow.Add(new ShadeItem(new SKRect(PageFrame.Left, flow.Y, flow.Frame.Right, flow.Y + row.Height), Colours.RowShade));
                    shade = !shade;
                    Place(row);
                    break;
            }
        }
        if (table.Totals is { } totals)
        {
            if (totals.Height > flow.Remaining)
            {
                flow.NewPage();
                PlaceHeader();
            }
            Rule(1f);
            Place(totals);
        }
        Rule(1f);
        flow.Gap(style.BodyLine * 0.6f);

        void PlaceHeader()
        {
            flow.Add(new ShadeItem(new SKRect(PageFrame.Left, flow.Y, flow.Frame.Right, flow.Y + table.Header.Height), Colours.HeaderShade));
            Place(table.Header);
            Rule(1f);
        }

        void Rule(float thickness) =>
            flow.Add(new LineItem(new SKPoint(PageFrame.Left, flow.Y), new SKPoint(flow.Frame.Right, flow.Y), thickness, Colours.Rule));

        void PlaceGroup(MeasuredRow row)
        {
            var lines = row.Cells[0];
            for (var l = 0; l < lines.Count; l++)
                flow.AddLine(lines[l], PageFrame.Left + table.Padding, Weight.Bold, style.BodySize, style.BodyLine, flow.Y + table.Padding * 0.5f + l * style.BodyLine);
            flow.Advance(row.Height);
        }

        void Place(MeasuredRow row)
        {
            var x = PageFrame.Left;
            for (var c = 0; c < Columns.Count; c++)
            {
                var lines = row.Cells[c];
                for (var l = 0; l < lines.Count; l++)
                {
                    var left = Columns[c].Alignment == TextAlignment.Right
                        ? x + table.Widths[c] - table.Padding - flow.Type.Measure(lines[l], row.Weight, style.BodySize)
                        : x + table.Padding;
                    flow.AddLine(lines[l], left, row.Weight, style.BodySize, style.BodyLine, flow.Y + table.Padding * 0.5f + l * style.BodyLine);
                }
                x += table.Widths[c];
            }
            flow.Advance(row.Height);
        }
    }

    // What must go on the same page as row i: a group heading takes the row under it; the row before a subtotal takes
    // the subtotal; the last row takes the totals. So no page starts with a lone subtotal or total under the header.
    private static float KeepWith(MeasuredTable table, int i)
    {
        var rows = table.Rows;
        var next = i + 1 < rows.Count ? rows[i + 1] : null;
        if (rows[i].Kind == TableRowKind.Group) return next?.Height ?? 0;
        var height = 0f;
        if (next is { Kind: TableRowKind.Subtotal })
        {
            height += next.Height;
            if (i + 2 == rows.Count) height += table.Totals?.Height ?? 0;
        }
        if (next is null) height += table.Totals?.Height ?? 0;
        return height;
    }

    private static float SpaceBefore(PageFlow flow) => flow.Style.BodyLine * 0.3f;

    public void WriteHtml(HtmlPage html) => html.Table(Columns, Rows, Totals, Caption);

    private static float Opening(PageFlow flow, MeasuredTable table)
    {
        var whole = table.Header.Height + table.Rows.Sum(r => r.Height) + (table.Totals?.Height ?? 0);
        return whole <= (flow.Frame.BodyBottom - flow.Frame.BodyTop) * ShortTableShare
            ? whole
            : table.Header.Height + table.Rows.Take(OpeningRows).Sum(r => r.Height);
    }

    private MeasuredTable Measure(PageFlow flow)
    {
        var style = flow.Style;
        var padding = style.BodySize * 0.4f;
        var widths = Widths(flow, padding);
        return new MeasuredTable(
            widths,
            padding,
            Row(TableRowKind.Cells, Columns.Select(c => c.Header).ToArray(), Weight.Bold),
            Rows.Select(r => r.Kind == TableRowKind.Group
                ? Group(r.Cells[0])
                : Row(r.Kind, r.Cells, r.Kind == TableRowKind.Subtotal ? Weight.Bold : Weight.Regular)).ToArray(),
            Totals is null ? null : Row(TableRowKind.Subtotal, Totals, Weight.Bold));

        MeasuredRow Row(TableRowKind kind, IReadOnlyList<string> cells, Weight weight)
        {
            var lines = cells.Select((text, c) => flow.Type.Wrap(text, weight, style.BodySize, widths[c] - 2 * padding)).ToArray();
            return new MeasuredRow(kind, lines, weight, lines.Max(l => l.Count) * style.BodyLine + padding);
        }

        MeasuredRow Group(string text)
        {
            var lines = flow.Type.Wrap(text, Weight.Bold, style.BodySize, flow.Frame.ContentWidth - 2 * padding);
            return new MeasuredRow(TableRowKind.Group, [lines], Weight.Bold, lines.Count * style.BodyLine + padding);
        }
    }

    // Fitted columns take their widest line; the rest share what is left by relative width. Fitted columns give way
    // (and wrap) only when they would leave the others less than a sixth of the table.
    private float[] Widths(PageFlow flow, float padding)
    {
        var style = flow.Style;
        var content = flow.Frame.ContentWidth;
        var widths = new float[Columns.Count];
        for (var c = 0; c < Columns.Count; c++)
        {
            if (!Columns[c].FitContent) continue;
            var widest = Widest(Columns[c].Header, Weight.Bold);
            foreach (var row in Rows.Where(r => r.Kind != TableRowKind.Group))
                widest = Math.Max(widest, Widest(row.Cells[c], row.Kind == TableRowKind.Subtotal ? Weight.Bold : Weight.Regular));
            if (Totals is not null)
                widest = Math.Max(widest, Widest(Totals[c], Weight.Bold));
            // A little more than the padding either side, so a fitted column's text never runs into its neighbour's.
            widths[c] = widest + 3 * padding;
        }
        var shares = Columns.Where(c => !c.FitContent).Sum(c => c.RelativeWidth);
        var fitted = widths.Sum();
        var room = shares > 0 ? content * 5 / 6 : content;
        if (fitted > room || shares == 0)
        {
            widths = widths.Select(w => w * room / fitted).ToArray();
            fitted = room;
        }
        for (var c = 0; c < Columns.Count; c++)
        {
            if (!Columns[c].FitContent) widths[c] = (content - fitted) * Columns[c].RelativeWidth / shares;
        }
        return widths;

        float Widest(string text, Weight weight) => text.Split('\n').Max(line => flow.Type.Measure(line, weight, style.BodySize));
    }

    private sealed record MeasuredTable(float[] Widths, float Padding, MeasuredRow Header, IReadOnlyList<MeasuredRow> Rows, MeasuredRow? Totals);

    private sealed record MeasuredRow(TableRowKind Kind, IReadOnlyList<string>[] Cells, Weight Weight, float Height);
}

/// <summary>Horizontal bars: label on the left, the bar, and its value printed at the bar's end. Kept on one page.</summary>
internal sealed record BarChartBlock(IReadOnlyList<ChartBar> Bars) : IBlock
{
    private const float LabelShare = 0.35f;

    public float OpeningHeight(PageFlow flow, ReadOnlySpan<IBlock> following) => SpaceBefore(flow) + Height(flow, Labels(flow));

    public void LayOut(PageFlow flow, ReadOnlySpan<IBlock> following)
    {
        var style = flow.Style;
        var type = flow.Type;
        var gap = Gap(flow);
        var axisX = PageFrame.Left + flow.Frame.ContentWidth * LabelShare;
        var widestValue = Bars.Max(b => type.Measure(b.ValueText, Weight.Regular, style.BodySize));
        var longestBar = flow.Frame.Right - axisX - gap - widestValue;
        var largest = Bars.Max(b => b.Value);
        var labels = Labels(flow);

        flow.Gap(SpaceBefore(flow));
        flow.KeepTogether(Height(flow, labels));
        flow.EnsureRoom(Height(flow, labels));
        var top = flow.Y;
        flow.Advance(RowGap(flow));
        for (var i = 0; i < Bars.Count; i++)
        {
            var bar = Bars[i];
            for (var l = 0; l < labels[i].Count; l++)
                flow.AddLine(labels[i][l], PageFrame.Left, Weight.Regular, style.BodySize, style.BodyLine, flow.Y + l * style.BodyLine);
            var length = largest > 0 ? (float)(bar.Value / largest) * longestBar : 0;
            if (length > 0)
                flow.Add(new BarItem(new SKRect(axisX, flow.Y + style.BodyLine * 0.15f, axisX + length, flow.Y + style.BodyLine * 0.85f), Colours.Bar));
            flow.AddLine(bar.ValueText, axisX + length + gap, Weight.Regular, style.BodySize, style.BodyLine, flow.Y);
            flow.Advance(labels[i].Count * style.BodyLine + RowGap(flow));
        }
        flow.Add(new LineItem(new SKPoint(axisX, top), new SKPoint(axisX, flow.Y), 1f, Colours.Rule));
        flow.Gap(style.BodyLine * 0.6f);
    }

    public void WriteHtml(HtmlPage html) => html.Chart(Bars);

    private static float SpaceBefore(PageFlow flow) => flow.Style.BodyLine * 0.3f;

    private static float Gap(PageFlow flow) => flow.Style.BodySize * 0.6f;

    private static float RowGap(PageFlow flow) => flow.Style.BodySize * 0.5f;

    private static float Height(PageFlow flow, IReadOnlyList<string>[] labels) =>
        labels.Sum(l => l.Count * flow.Style.BodyLine + RowGap(flow)) + RowGap(flow);

    private IReadOnlyList<string>[] Labels(PageFlow flow) =>
        Bars.Select(b => flow.Type.Wrap(b.Label, Weight.Regular, flow.Style.BodySize, flow.Frame.ContentWidth * LabelShare - Gap(flow))).ToArray();
}

/// <summary>A bulleted list, each item wrapped under its own text; kept on one page when it can be.</summary>
internal sealed record BulletListBlock(IReadOnlyList<string> Items) : IBlock
{
    private const string Bullet = "\u2022";

    public float OpeningHeight(PageFlow flow, ReadOnlySpan<IBlock> following) => Height(flow, Lines(flow));

    public void LayOut(PageFlow flow, ReadOnlySpan<IBlock> following)
    {
        var style = flow.Style;
        var items = Lines(flow);
        var indent = Indent(flow);
        flow.KeepTogether(Height(flow, items));
        foreach (var lines in items)
        {
            // An item of two lines or three never splits; a longer one keeps two lines together.
            flow.EnsureRoom(Math.Min(lines.Count, 3) * style.BodyLine);
            flow.AddLine(Bullet, PageFrame.Left, Weight.Regular, style.BodySize, style.BodyLine, flow.Y);
            foreach (var line in lines)
            {
                flow.EnsureRoom(style.BodyLine);
                flow.AddLine(line, PageFrame.Left + indent, Weight.Regular, style.BodySize, style.BodyLine, flow.Y);
                flow.Advance(style.BodyLine);
            }
            flow.Advance(ItemGap(flow));
        }
        flow.Gap(style.BodyLine * 0.4f);
    }

    public void WriteHtml(HtmlPage html) => html.Bullets(Items);

    private static float Indent(PageFlow flow) => flow.Style.BodySize * 1.2f;

    private static float ItemGap(PageFlow flow) => flow.Style.BodyLine * 0.2f;

    private static float Height(PageFlow flow, IReadOnlyList<string>[] items) =>
        items.Sum(lines => lines.Count * flow.Style.BodyLine + ItemGap(flow));

    private IReadOnlyList<string>[] Lines(PageFlow flow) =>
        Items.Select(item => flow.Type.Wrap(item, Weight.Regular, flow.Style.BodySize, flow.Frame.TextWidth - Indent(flow))).ToArray();
}

/// <summary>
/// A picture on the left with short sentences beside it, each starting on a new line (an Easy Read section). Kept on one
/// page when it can be; a long one continues on the next page, the picture staying with its first lines.
/// </summary>
internal sealed record PicturedBlock(Picture Picture, IReadOnlyList<string> Sentences) : IBlock
{
    public float OpeningHeight(PageFlow flow, ReadOnlySpan<IBlock> following) => SpaceBefore(flow) + Height(flow, Lines(flow));

    public void LayOut(PageFlow flow, ReadOnlySpan<IBlock> following)
    {
        var style = flow.Style;
        var sentences = Lines(flow);
        var pictureSize = PictureSize(flow);
        var textLeft = PageFrame.Left + pictureSize + Gutter(flow);
        flow.Gap(SpaceBefore(flow));
        flow.KeepTogether(Height(flow, sentences));
        flow.EnsureRoom(pictureSize);
        flow.Add(new PictureItem(Picture, PageFrame.Left, flow.Y, pictureSize));
        var pictureBottom = flow.Y + pictureSize;
        foreach (var lines in sentences)
        {
            flow.EnsureRoom(Math.Min(lines.Count, 2) * style.BodyLine);
            foreach (var line in lines)
            {
                flow.EnsureRoom(style.BodyLine);
                flow.AddLine(line, textLeft, Weight.Regular, style.BodySize, style.BodyLine, flow.Y);
                flow.Advance(style.BodyLine);
            }
            flow.Advance(SentenceGap(flow));
        }
        if (flow.Y < pictureBottom)
            flow.Advance(pictureBottom - flow.Y);
        flow.Gap(style.BodyLine * 0.3f);
    }

    public void WriteHtml(HtmlPage html) => html.Pictured(Picture, Sentences);

    private static float PictureSize(PageFlow flow) => flow.Style.BodyLine * 2;

    private static float Gutter(PageFlow flow) => flow.Style.BodySize;

    private static float SpaceBefore(PageFlow flow) => flow.Style.BodyLine * 0.4f;

    private static float SentenceGap(PageFlow flow) => flow.Style.BodyLine * 0.25f;

    private static float Height(PageFlow flow, IReadOnlyList<string>[] sentences) =>
        Math.Max(PictureSize(flow), sentences.Sum(lines => lines.Count * flow.Style.BodyLine + SentenceGap(flow)));

    private IReadOnlyList<string>[] Lines(PageFlow flow)
    {
        var width = flow.Frame.TextWidth - PictureSize(flow) - Gutter(flow);
        return Sentences.Select(s => flow.Type.Wrap(s, Weight.Regular, flow.Style.BodySize, width)).ToArray();
    }
}

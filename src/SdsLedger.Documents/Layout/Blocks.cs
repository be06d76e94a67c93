using SkiaSharp;

namespace SdsLedger.Documents.Layout;

/// <summary>A piece of content that lays itself out onto the page flow.</summary>
internal interface IBlock
{
    void LayOut(PageFlow flow);
}

internal sealed record HeadingBlock(string Text, bool IsMain) : IBlock
{
    public void LayOut(PageFlow flow)
    {
        var style = flow.Style;
        var size = IsMain ? style.HeadingSize : style.SubheadingSize;
        var lineHeight = size * 1.25f;
        var lines = flow.Type.Wrap(Text, Weight.Bold, size, flow.Frame.TextWidth);
        flow.Gap(style.BodyLine * (IsMain ? 0.9f : 0.6f));
        // A heading is never left alone at the foot of a page: two lines of what follows come with it.
        flow.EnsureRoom(lines.Count * lineHeight + 2 * style.BodyLine);
        foreach (var line in lines)
        {
            flow.AddLine(line, PageFrame.Left, Weight.Bold, size, lineHeight, flow.Y);
            flow.Advance(lineHeight);
        }
        flow.Gap(style.BodyLine * 0.25f);
    }
}

internal sealed record ParagraphBlock(string Text) : IBlock
{
    public void LayOut(PageFlow flow)
    {
        var style = flow.Style;
        var lines = flow.Type.Wrap(Text, Weight.Regular, style.BodySize, flow.Frame.TextWidth);
        // No single first line at the foot of a page.
        flow.EnsureRoom(Math.Min(lines.Count, 2) * style.BodyLine);
        foreach (var line in lines)
        {
            flow.EnsureRoom(style.BodyLine);
            flow.AddLine(line, PageFrame.Left, Weight.Regular, style.BodySize, style.BodyLine, flow.Y);
            flow.Advance(style.BodyLine);
        }
        flow.Gap(style.BodyLine * 0.5f);
    }
}

internal sealed record KeyValueBlock(string Label, string Value, TextAlignment ValueAlignment) : IBlock
{
    private const float LabelShare = 0.6f;

    public void LayOut(PageFlow flow)
    {
        var style = flow.Style;
        var width = flow.Frame.TextWidth;
        var labelWidth = width * LabelShare - style.BodySize;
        var valueLeft = PageFrame.Left + width * LabelShare;
        var valueWidth = width * (1 - LabelShare);
        var labelLines = flow.Type.Wrap(Label, Weight.Regular, style.BodySize, labelWidth);
        var valueLines = flow.Type.Wrap(Value, Weight.Bold, style.BodySize, valueWidth);
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
        flow.Gap(style.BodyLine * 0.15f);
    }
}

internal sealed record SpacerBlock : IBlock
{
    public void LayOut(PageFlow flow) => flow.Gap(flow.Style.BodyLine);
}

internal sealed record PageBreakBlock : IBlock
{
    public void LayOut(PageFlow flow)
    {
        if (!flow.AtTopOfPage)
            flow.NewPage();
    }
}

/// <summary>A table across the full content width; rows never split, and the header row is repeated on every page.</summary>
internal sealed record TableBlock(IReadOnlyList<TableColumn> Columns, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<string>? Totals) : IBlock
{
    public void LayOut(PageFlow flow)
    {
        var style = flow.Style;
        var padding = style.BodySize * 0.4f;
        var totalShare = Columns.Sum(c => c.RelativeWidth);
        var widths = Columns.Select(c => PageFrame.ContentWidth * c.RelativeWidth / totalShare).ToArray();

        var header = Measure(flow, Columns.Select(c => c.Header).ToArray(), widths, padding, Weight.Bold);
        var rows = Rows.Select(r => Measure(flow, r, widths, padding, Weight.Regular)).ToArray();
        var totals = Totals is null ? null : Measure(flow, Totals, widths, padding, Weight.Bold);

        flow.Gap(style.BodyLine * 0.3f);
        flow.EnsureRoom(header.Height + (rows.Length > 0 ? rows[0].Height : 0));
        PlaceHeader();
        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i].Height > flow.Remaining)
            {
                flow.NewPage();
                PlaceHeader();
            }
            if (i % 2 == 1)
                flow.Add(new ShadeItem(new SKRect(PageFrame.Left, flow.Y, PageFrame.Right, flow.Y + rows[i].Height), Colours.RowShade));
            Place(rows[i]);
        }
        if (totals is not null)
        {
            if (totals.Height > flow.Remaining)
            {
                flow.NewPage();
                PlaceHeader();
            }
            Place(totals);
        }
        Rule(1f);
        flow.Gap(style.BodyLine * 0.6f);

        void PlaceHeader()
        {
            flow.Add(new ShadeItem(new SKRect(PageFrame.Left, flow.Y, PageFrame.Right, flow.Y + header.Height), Colours.HeaderShade));
            Place(header);
            Rule(1f);
        }

        void Rule(float thickness) =>
            flow.Add(new LineItem(new SKPoint(PageFrame.Left, flow.Y), new SKPoint(PageFrame.Right, flow.Y), thickness, Colours.Rule));

        void Place(MeasuredRow row)
        {
            var x = PageFrame.Left;
            for (var c = 0; c < Columns.Count; c++)
            {
                var lines = row.Cells[c];
                for (var l = 0; l < lines.Count; l++)
                {
                    var left = Columns[c].Alignment == TextAlignment.Right
                        ? x + widths[c] - padding - flow.Type.Measure(lines[l], row.Weight, style.BodySize)
                        : x + padding;
                    flow.AddLine(lines[l], left, row.Weight, style.BodySize, style.BodyLine, flow.Y + padding * 0.5f + l * style.BodyLine);
                }
                x += widths[c];
            }
            flow.Advance(row.Height);
        }
    }

    private MeasuredRow Measure(PageFlow flow, IReadOnlyList<string> cells, float[] widths, float padding, Weight weight)
    {
        if (cells.Count != Columns.Count)
            throw new ArgumentException($"A table row has {cells.Count} cells but the table has {Columns.Count} columns.", nameof(cells));
        var style = flow.Style;
        var lines = cells.Select((text, c) => flow.Type.Wrap(text, weight, style.BodySize, widths[c] - 2 * padding)).ToArray();
        return new MeasuredRow(lines, weight, lines.Max(l => l.Count) * style.BodyLine + padding);
    }

    private sealed record MeasuredRow(IReadOnlyList<string>[] Cells, Weight Weight, float Height);
}

/// <summary>Horizontal bars: label on the left, the bar, and its value printed at the bar's end.</summary>
internal sealed record BarChartBlock(IReadOnlyList<ChartBar> Bars) : IBlock
{
    private const float LabelShare = 0.35f;

    public void LayOut(PageFlow flow)
    {
        var style = flow.Style;
        var type = flow.Type;
        var gap = style.BodySize * 0.6f;
        var labelWidth = PageFrame.ContentWidth * LabelShare - gap;
        var axisX = PageFrame.Left + PageFrame.ContentWidth * LabelShare;
        var widestValue = Bars.Max(b => type.Measure(b.ValueText, Weight.Regular, style.BodySize));
        var longestBar = PageFrame.Right - axisX - gap - widestValue;
        var largest = Bars.Max(b => b.Value);
        var rowGap = style.BodySize * 0.5f;
        var labels = Bars.Select(b => type.Wrap(b.Label, Weight.Regular, style.BodySize, labelWidth)).ToArray();
        var height = labels.Sum(l => l.Count * style.BodyLine + rowGap) + rowGap;

        flow.Gap(style.BodyLine * 0.3f);
        flow.EnsureRoom(height);
        var top = flow.Y;
        flow.Advance(rowGap);
        for (var i = 0; i < Bars.Count; i++)
        {
            var bar = Bars[i];
            for (var l = 0; l < labels[i].Count; l++)
                flow.AddLine(labels[i][l], PageFrame.Left, Weight.Regular, style.BodySize, style.BodyLine, flow.Y + l * style.BodyLine);
            var length = largest > 0 ? (float)(bar.Value / largest) * longestBar : 0;
            var barTop = flow.Y + style.BodyLine * 0.15f;
            if (length > 0)
                flow.Add(new BarItem(new SKRect(axisX, barTop, axisX + length, flow.Y + style.BodyLine * 0.85f), Colours.Bar));
            flow.AddLine(bar.ValueText, axisX + length + gap, Weight.Regular, style.BodySize, style.BodyLine, flow.Y);
            flow.Advance(labels[i].Count * style.BodyLine + rowGap);
        }
        flow.Add(new LineItem(new SKPoint(axisX, top), new SKPoint(axisX, flow.Y), 1f, Colours.Rule));
        flow.Gap(style.BodyLine * 0.6f);
    }
}

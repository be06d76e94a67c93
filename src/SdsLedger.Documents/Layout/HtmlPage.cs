using System.Globalization;

namespace SdsLedger.Documents.Layout;

/// <summary>
/// Writes a document's blocks as one self-contained HTML file a screen reader can follow: headings in order (h1, then
/// h2 and h3), tables with a caption and header cells, labels and values as a description list, lists as lists,
/// pictures as inline SVG hidden from screen readers, the language set, the style inline and no script.
/// </summary>
internal sealed class HtmlPage(TextWriter output, DocumentStyle style)
{
    private int mainLevel;
    private bool inDescriptionList;

    public void Begin(DocumentInfo info)
    {
        var size = style.BodySize.ToString(CultureInfo.InvariantCulture);
        output.Write($"""
            <!DOCTYPE html>
            <html lang="{Encode(info.Language)}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="author" content="{Encode(info.Author)}">
            <meta name="description" content="{Encode(info.Subject)}">
            <title>{Encode(info.Title)}</title>
            <style>
            body {"{"} font-family: "Atkinson Hyperlegible", Verdana, Arial, sans-serif; font-size: {size}pt; line-height: 1.5; color: #111; background: #fff; margin: 0; {"}"}
            main {"{"} max-width: 44em; margin: 0 auto; padding: 1em; {"}"}
            h1 {"{"} font-size: 1.5em; line-height: 1.25; {"}"} h2 {"{"} font-size: 1.25em; margin-top: 1.5em; {"}"} h3 {"{"} font-size: 1.1em; {"}"}
            table {"{"} border-collapse: collapse; width: 100%; margin: 0.5em 0 1em; {"}"}
            caption {"{"} text-align: left; font-weight: bold; padding: 0.25em 0; {"}"}
            th, td {"{"} text-align: left; vertical-align: top; padding: 0.3em 0.5em; border-bottom: 1px solid #767676; {"}"}
            thead th {"{"} background: #dde3ea; {"}"} tbody th[scope=rowgroup] {"{"} background: #f1f1f1; {"}"}
            .amount {"{"} text-align: right; white-space: nowrap; {"}"}
            .subtotal, tfoot {"{"} font-weight: bold; {"}"}
            dl {"{"} display: grid; grid-template-columns: minmax(auto, 16em) auto; gap: 0.2em 1.5em; {"}"} dd {"{"} margin: 0; font-weight: bold; {"}"}
            .pictured {"{"} display: flex; gap: 1em; align-items: flex-start; margin: 1em 0; {"}"}
            .pictured svg {"{"} flex: none; width: 3em; height: 3em; {"}"} .pictured p {"{"} margin: 0 0 0.4em; {"}"}
            </style>
            </head>
            <body>
            <main>

            """);
    }

    public void End()
    {
        CloseDescriptionList();
        output.Write("</main>\n</body>\n</html>\n");
    }

    /// <summary>The first main heading is the h1; later main headings are h2, and a smaller heading sits one level under the last main one.</summary>
    public void Heading(string text, bool isMain)
    {
        CloseDescriptionList();
        int level;
        if (isMain)
            level = mainLevel = mainLevel == 0 ? 1 : 2;
        else
            level = Math.Min(mainLevel + 1, 3);
        output.Write($"<h{level}>{Encode(text)}</h{level}>\n");
    }

    public void Paragraph(string text)
    {
        CloseDescriptionList();
        output.Write($"<p>{Lines(text)}</p>\n");
    }

    public void KeyValue(string label, string value)
    {
        if (!inDescriptionList)
        {
            output.Write("<dl>\n");
            inDescriptionList = true;
        }
        output.Write($"<dt>{Lines(label)}</dt><dd>{Lines(value)}</dd>\n");
    }

    public void Table(IReadOnlyList<TableColumn> columns, IReadOnlyList<TableRow> rows, IReadOnlyList<string>? totals, string? caption)
    {
        CloseDescriptionList();
        output.Write("<table>\n");
        if (!string.IsNullOrWhiteSpace(caption))
            output.Write($"<caption>{Encode(caption)}</caption>\n");
        output.Write("<thead><tr>");
        foreach (var column in columns)
            output.Write($"<th scope=\"col\"{Class(column)}>{Lines(column.Header)}</th>");
        output.Write("</tr></thead>\n<tbody>\n");
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Kind == TableRowKind.Group)
            {
                // A group of rows (a spending category) is its own tbody, headed by a cell that names it.
                if (i > 0) output.Write("</tbody>\n<tbody>\n");
                output.Write($"<tr><th scope=\"rowgroup\" colspan=\"{columns.Count}\">{Lines(row.Cells[0])}</th></tr>\n");
                continue;
            }
            var subtotal = row.Kind == TableRowKind.Subtotal;
            Row(columns, row.Cells, subtotal, subtotal ? " class=\"subtotal\"" : "");
        }
        output.Write("</tbody>\n");
        if (totals is not null)
        {
            output.Write("<tfoot>");
            Row(columns, totals, labelled: true, "");
            output.Write("</tfoot>\n");
        }
        output.Write("</table>\n");
    }

    public void Bullets(IReadOnlyList<string> items)
    {
        CloseDescriptionList();
        output.Write("<ul>\n");
        foreach (var item in items)
            output.Write($"<li>{Lines(item)}</li>\n");
        output.Write("</ul>\n");
    }

    public void Pictured(Picture picture, IReadOnlyList<string> sentences)
    {
        CloseDescriptionList();
        output.Write($"<div class=\"pictured\">{Pictures.Svg(picture)}<div>\n");
        foreach (var sentence in sentences)
            output.Write($"<p>{Lines(sentence)}</p>\n");
        output.Write("</div></div>\n");
    }

    public void Chart(IReadOnlyList<ChartBar> bars)
    {
        CloseDescriptionList();
        output.Write("<ul>\n");
        foreach (var bar in bars)
            output.Write($"<li>{Lines(bar.Label)}: {Encode(bar.ValueText)}</li>\n");
        output.Write("</ul>\n");
    }

    // A subtotal's or total's label (its first cell with text) heads its row; empty cells stay plain cells.
    private void Row(IReadOnlyList<TableColumn> columns, IReadOnlyList<string> cells, bool labelled, string rowClass)
    {
        output.Write($"<tr{rowClass}>");
        for (var c = 0; c < columns.Count; c++)
        {
            if (labelled && cells[c].Length > 0 && columns[c].Alignment == TextAlignment.Left)
            {
                labelled = false;
                output.Write($"<th scope=\"row\">{Lines(cells[c])}</th>");
                continue;
            }
            output.Write($"<td{Class(columns[c])}>{Lines(cells[c])}</td>");
        }
        output.Write("</tr>\n");
    }

    private void CloseDescriptionList()
    {
        if (!inDescriptionList) return;
        output.Write("</dl>\n");
        inDescriptionList = false;
    }

    private static string Class(TableColumn column) => column.Alignment == TextAlignment.Right ? " class=\"amount\"" : "";

    private static string Lines(string text) => string.Join("<br>", text.Split('\n').Select(Encode));

    // The file is UTF-8, so only the characters HTML gives meaning to are escaped; "£" stays "£".
    private static string Encode(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
}

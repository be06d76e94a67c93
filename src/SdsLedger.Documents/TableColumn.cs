namespace SdsLedger.Documents;

/// <summary>A table column: its header, its share of the table's width, and how its cells are aligned.</summary>
public sealed record TableColumn(string Header, float RelativeWidth = 1, TextAlignment Alignment = TextAlignment.Left)
{
    /// <summary>
    /// The column is as wide as its widest line (header, cells and totals, at most two fifths of the table), so that
    /// dates and amounts never wrap in either print size; the other columns share what is left by relative width.
    /// </summary>
    public bool FitContent { get; init; }

    /// <summary>A right-aligned column as wide as its widest amount.</summary>
    public static TableColumn Amount(string header) => new(header, 1, TextAlignment.Right) { FitContent = true };

    /// <summary>A column as wide as its widest cell, such as a date.</summary>
    public static TableColumn Fitted(string header) => new(header) { FitContent = true };
}

namespace SdsLedger.Documents;

/// <summary>How a table row is drawn.</summary>
public enum TableRowKind
{
    /// <summary>One cell per column.</summary>
    Cells,

    /// <summary>A bold line across the whole table that names the rows under it, such as a spending category.</summary>
    Group,

    /// <summary>One cell per column, in bold: a subtotal of the rows above it.</summary>
    Subtotal,
}

/// <summary>A row of a table: ordinary cells, a group heading across the table, or a bold subtotal.</summary>
public sealed record TableRow(TableRowKind Kind, IReadOnlyList<string> Cells)
{
    public static TableRow Of(params string[] cells) => new(TableRowKind.Cells, cells);

    public static TableRow Group(string text) => new(TableRowKind.Group, [text]);

    public static TableRow Subtotal(params string[] cells) => new(TableRowKind.Subtotal, cells);
}

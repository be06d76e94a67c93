namespace SdsLedger.Documents;

/// <summary>A table column: its header, its share of the table's width, and how its cells are aligned.</summary>
public sealed record TableColumn(string Header, float RelativeWidth = 1, TextAlignment Alignment = TextAlignment.Left);

namespace SdsLedger.Documents;

/// <summary>One bar of a bar chart; <paramref name="ValueText"/> is printed beside the bar, e.g. "£12,400.00".</summary>
public sealed record ChartBar(string Label, double Value, string ValueText);

namespace SdsLedger.Documents.Tests;

internal static class SampleText
{
    public const string Explanation =
        "Your budget is the money the council has agreed to pay for the support you chose with your social worker. " +
        "This statement shows the money that came in, what was bought with it, and what is left at the end of the period. " +
        "If something here does not look right, or you want to talk about how the money is used, please get in touch with " +
        "your social worker. Nothing will be taken back without talking to you first, and you can ask for this statement " +
        "in another format, such as braille, audio or a different language.";

    public static IEnumerable<IReadOnlyList<string>> Payments(int count) =>
        Enumerable.Range(1, count).Select(i => (IReadOnlyList<string>)
        [
            $"{1 + i % 28} May 2025",
            $"Payment {i} to Highland Care",
            Amount(i),
        ]);

    // Amounts of different lengths, so that right alignment is actually tested.
    public static string Amount(int i) => "£" + (i * i * 37.25m).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);

    public static readonly IReadOnlyList<TableColumn> PaymentColumns =
    [
        new("Date paid", 1.3f),
        new("Paid to", 2),
        new("Amount", 1.2f, TextAlignment.Right),
    ];
}

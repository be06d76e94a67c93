namespace SdsLedger.Documents.Tests;

public class BarChartTests
{
    private static readonly ChartBar[] Options =
    [
        new("Option 1: direct payment", 420_000, "£420,000.00"),
        new("Option 2: you choose, someone else arranges", 210_000, "£210,000.00"),
        new("Option 3: the council arranges", 840_000, "£840,000.00"),
        new("Option 4: a mix", 0, "£0.00"),
    ];

    [Fact]
    public void Bars_are_as_long_as_their_values_and_every_value_is_printed()
    {
        using var pdf = RenderedPdf.Of(new DocumentBuilder(DocumentStyle.Standard).Heading("Budgets by option").BarChart(Options));
        var page = pdf.Pages[0];

        var bars = page.Paths.Where(p => p.IsFilled).Select(p => p.GetBoundingRectangle()!.Value)
            .OrderByDescending(r => r.Top).ToList();
        bars.Should().HaveCount(3, "a zero value has no bar");
        bars[0].Width.Should().BeApproximately(bars[2].Width / 2, 0.1);
        bars[1].Width.Should().BeApproximately(bars[2].Width / 4, 0.1);
        bars.Should().OnlyContain(b => Math.Abs(b.Left - bars[0].Left) < 0.01, "bars start at the same axis");

        var text = string.Join("\n", RenderedPdf.Lines(page).Select(l => l.Text));
        foreach (var bar in Options)
            text.Should().Contain(bar.ValueText);
        text.Should().Contain("Option 4: a mix");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Negative_or_missing_values_are_refused(double value)
    {
        var chart = () => new DocumentBuilder(DocumentStyle.Standard).BarChart([new ChartBar("Option 1", value, "?")]);

        chart.Should().Throw<ArgumentException>();
    }
}

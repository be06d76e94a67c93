using System.Text.RegularExpressions;

namespace SdsLedger.Documents.Tests;

public partial class TableTests
{
    private static RenderedPdf LongTable(DocumentStyle style, int rows) =>
        RenderedPdf.Of(new DocumentBuilder(style)
            .Heading("Payments")
            .Paragraph("Every payment made from your budget in the period.")
            .Table(SampleText.PaymentColumns, SampleText.Payments(rows), ["", "Total", "£1.00"]));

    [Theory]
    [MemberData(nameof(PageTests.Styles), MemberType = typeof(PageTests))]
    public void A_long_table_continues_over_several_pages_with_its_header_row_on_each(string styleName)
    {
        using var pdf = LongTable(PageTests.StyleNamed(styleName), 200);

        pdf.Pages.Should().HaveCountGreaterThan(3);
        var seen = new List<string>();
        foreach (var page in pdf.Pages)
        {
            var lines = RenderedPdf.Lines(page);
            var header = lines.FindIndex(l => l.Cells.SequenceEqual(["Date paid", "Paid to", "Amount"]));
            header.Should().BeGreaterThanOrEqualTo(0, $"page {page.Number} has table rows, so it repeats the header row");
            var rows = lines.Select(l => PaymentNumber().Match(l.Text)).Where(m => m.Success).ToList();
            rows.Should().NotBeEmpty();
            lines.Where(l => PaymentNumber().IsMatch(l.Text)).Should().OnlyContain(r => r.Baseline < lines[header].Baseline, "the header row comes first on the page");
            seen.AddRange(rows.Select(r => r.Value));
        }
        seen.Should().Equal(Enumerable.Range(1, 200).Select(i => $"Payment {i} to"), "every row is printed once, in order");
    }

    [Fact]
    public void Amounts_in_a_right_aligned_column_end_at_the_same_place()
    {
        using var pdf = LongTable(DocumentStyle.Standard, 200);

        var amountEnds = pdf.Pages.SelectMany(RenderedPdf.Lines)
            .Where(l => l.Cells[^1].StartsWith('£'))
            .Select(l => l.Letters[^1].EndBaseLine.X)
            .ToList();
        amountEnds.Should().HaveCount(201, "200 payments and the total");
        amountEnds.Should().OnlyContain(x => Math.Abs(x - amountEnds[0]) < 0.05);
        SampleText.Amount(1).Length.Should().BeLessThan(SampleText.Amount(200).Length, "amounts of different widths are compared");
    }

    [Fact]
    public void Cells_too_long_for_their_column_wrap_inside_it()
    {
        var columns = new TableColumn[] { new("What"), new("Amount", 1, TextAlignment.Right) };
        var longText = "Personal assistant hours for the week, including travel time to the day centre and back";
        using var pdf = RenderedPdf.Of(new DocumentBuilder(DocumentStyle.Standard).Table(columns, [[longText, "£95.00"]]));

        var cellLetters = RenderedPdf.Lines(pdf.Pages[0]).Skip(1).SkipLast(1)
            .SelectMany(l => l.Letters).Where(l => l.StartBaseLine.X < 595 / 2.0).ToList();
        cellLetters.Should().OnlyContain(l => l.EndBaseLine.X <= 56 + 483 / 2.0);
        string.Join(" ", RenderedPdf.Lines(pdf.Pages[0]).Select(l => l.Cells[0])).Should().Contain(longText);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_cells_is_refused()
    {
        var table = () => new DocumentBuilder(DocumentStyle.Standard).Table(SampleText.PaymentColumns, [["1 May 2025", "£10.00"]]);

        table.Should().Throw<ArgumentException>().WithMessage("A table row has 2 cells but the table has 3 columns.*");
    }

    [GeneratedRegex(@"Payment \d+ to")]
    private static partial Regex PaymentNumber();
}

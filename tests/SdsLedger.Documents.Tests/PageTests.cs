using System.Text.RegularExpressions;

namespace SdsLedger.Documents.Tests;

public partial class PageTests
{
    public static TheoryData<string> Styles => new() { nameof(DocumentStyle.Standard), nameof(DocumentStyle.LargePrint) };

    internal static DocumentStyle StyleNamed(string name) =>
        name == nameof(DocumentStyle.LargePrint) ? DocumentStyle.LargePrint : DocumentStyle.Standard;

    private static DocumentBuilder ThreePagesOrMore(DocumentStyle style) =>
        new DocumentBuilder(style)
            .Heading("Your budget statement")
            .Paragraph(SampleText.Explanation)
            .Table(SampleText.PaymentColumns, SampleText.Payments(40))
            .PageBreak()
            .Heading("Who to contact")
            .Paragraph(SampleText.Explanation);

    [Theory]
    [MemberData(nameof(Styles))]
    public void Every_page_is_A4(string styleName)
    {
        using var pdf = RenderedPdf.Of(ThreePagesOrMore(StyleNamed(styleName)));

        pdf.Pages.Should().HaveCountGreaterThanOrEqualTo(3);
        pdf.Pages.Should().OnlyContain(p => Math.Abs(p.Width - 595) < 1 && Math.Abs(p.Height - 842) < 1);
    }

    [Theory]
    [MemberData(nameof(Styles))]
    public void Every_page_says_which_page_it_is_of_how_many(string styleName)
    {
        using var pdf = RenderedPdf.Of(ThreePagesOrMore(StyleNamed(styleName)));
        var count = pdf.Pages.Count;

        foreach (var page in pdf.Pages)
        {
            var pageNumbers = RenderedPdf.Lines(page)
                .SelectMany(l => l.Cells)
                .Select(c => PageNumber().Match(c))
                .Where(m => m.Success)
                .ToList();
            pageNumbers.Should().ContainSingle($"page {page.Number} has one page number");
            pageNumbers[0].Value.Should().Be($"Page {page.Number} of {count}");
        }
    }

    [Fact]
    public void Every_page_is_headed_with_the_title_and_footed_with_the_council()
    {
        using var pdf = RenderedPdf.Of(ThreePagesOrMore(DocumentStyle.Standard));

        foreach (var page in pdf.Pages)
        {
            var lines = RenderedPdf.Lines(page);
            lines[0].Text.Should().Be(RenderedPdf.Info.Title);
            lines[^1].Cells.Should().Equal($"Page {page.Number} of {pdf.Pages.Count}", RenderedPdf.Info.Author);
        }
    }

    [Fact]
    public void A_page_break_starts_a_new_page()
    {
        using var pdf = RenderedPdf.Of(new DocumentBuilder(DocumentStyle.Standard)
            .Paragraph("First page.")
            .PageBreak()
            .Paragraph("Second page."));

        pdf.Pages.Should().HaveCount(2);
        pdf.Pages[1].Text.Should().Contain("Second page.").And.NotContain("First page.");
    }

    [Fact]
    public void An_empty_document_is_one_page_with_its_header_and_footer()
    {
        using var pdf = RenderedPdf.Of(new DocumentBuilder(DocumentStyle.Standard));

        pdf.Pages.Should().ContainSingle();
        pdf.Pages[0].Text.Should().Contain("Page 1 of 1");
    }

    [Fact]
    public void A_heading_is_never_left_at_the_foot_of_a_page_without_what_follows_it()
    {
        // However much comes before, the heading lands on the page where its chart starts.
        for (var before = 20; before <= 40; before++)
        {
            var document = new DocumentBuilder(DocumentStyle.Standard);
            for (var i = 1; i <= before; i++)
                document.Paragraph($"Line {i}.");
            document.Heading("Budgets by option").BarChart([new ChartBar("Option 1", 1, "£1.00"), new ChartBar("Option 2", 2, "£2.00")]);
            using var pdf = RenderedPdf.Of(document);

            var headingPage = pdf.Pages.Single(p => p.Text.Contains("Budgets by option", StringComparison.Ordinal));
            headingPage.Text.Should().Contain("Option 1").And.Contain("£2.00", $"with {before} paragraphs before it");
        }
    }

    [Fact]
    public void A_heading_and_subheading_stay_with_the_first_rows_of_the_table_under_them()
    {
        for (var before = 20; before <= 40; before++)
        {
            var document = new DocumentBuilder(DocumentStyle.Standard);
            for (var i = 1; i <= before; i++)
                document.Paragraph($"Line {i}.");
            document.Heading("Money in and out").Subheading("What was bought").Table(SampleText.PaymentColumns, SampleText.Payments(5));
            using var pdf = RenderedPdf.Of(document);

            var headingPage = pdf.Pages.Single(p => p.Text.Contains("Money in and out", StringComparison.Ordinal));
            headingPage.Text.Should().Contain("What was bought").And.Contain("Payment 2 to", $"with {before} paragraphs before it");
        }
    }

    [GeneratedRegex(@"^Page \d+ of \d+$")]
    private static partial Regex PageNumber();
}

namespace SdsLedger.Documents.Tests;

/// <summary>What stays together, and that keeping it together never leaves a page less than half full.</summary>
public class KeepTogetherTests
{
    [Fact]
    public void A_heading_with_a_long_table_starts_on_a_page_less_than_half_full_rather_than_leave_it()
    {
        var doc = new DocumentBuilder(DocumentStyle.Standard);
        doc.Paragraph(SampleText.Explanation);
        doc.Heading("What was bought").Table(SampleText.PaymentColumns, SampleText.Payments(60));
        using var pdf = RenderedPdf.Of(doc);

        var first = RenderedPdf.Lines(pdf.Pages[0]);
        first.Should().Contain(l => l.Text == "What was bought", "the page was less than half full, so the section starts on it");
        first.Should().Contain(l => l.Cells[0] == "Date paid", "the table's header row comes with its heading");
    }

    [Fact]
    public void A_heading_and_a_short_table_move_together_to_the_next_page_when_this_one_is_more_than_half_full()
    {
        var doc = new DocumentBuilder(DocumentStyle.Standard);
        for (var i = 0; i < 4; i++) doc.Paragraph(SampleText.Explanation);
        doc.Heading("Money set aside").Table(SampleText.PaymentColumns, SampleText.Payments(4));
        using var pdf = RenderedPdf.Of(doc);

        pdf.Pages.Should().HaveCount(2);
        var second = RenderedPdf.Lines(pdf.Pages[1]);
        RenderedPdf.Lines(pdf.Pages[0]).Should().NotContain(l => l.Text == "Money set aside");
        second.Should().Contain(l => l.Text == "Money set aside");
        second.Count(l => l.Cells[^1].StartsWith('£')).Should().Be(4, "a short table is kept whole");
    }

    [Fact]
    public void The_same_content_as_html_has_its_headings_in_order_captioned_tables_lists_and_pictures_and_no_script()
    {
        var doc = new DocumentBuilder(DocumentStyle.LargePrint)
            .Heading("Your budget statement")
            .KeyValue("Name", "Jo Bloggs")
            .Subheading("Your money")
            .Table(SampleText.PaymentColumns, SampleText.Payments(3), ["", "Total", "£1.00"], caption: "Your money in October")
            .Heading("Part 1: direct payment")
            .Subheading("What was bought")
            .Bullets(["Get out to the shops", "See my grandchildren <every> week"])
            .Pictured(Picture.Bought, "£45.00 for swimming.", "£12.00 for the bus.");
        using var html = new StringWriter();
        doc.WriteHtml(html, RenderedPdf.Info);
        var text = html.ToString();

        text.Should().StartWith("<!DOCTYPE html>").And.Contain("<html lang=\"en-GB\">").And.Contain($"<title>{RenderedPdf.Info.Title}</title>")
            .And.Contain("font-size: 18pt").And.NotContain("<script");
        System.Text.RegularExpressions.Regex.Matches(text, "<h([1-3])>").Select(m => m.Groups[1].Value).Should().Equal("1", "2", "2", "3");
        text.Should().Contain("<dl>\n<dt>Name</dt><dd>Jo Bloggs</dd>\n</dl>")
            .And.Contain("<caption>Your money in October</caption>").And.Contain("<th scope=\"col\">Date paid</th>")
            .And.Contain("<tfoot><tr><td></td><th scope=\"row\">Total</th>")
            .And.Contain("<li>See my grandchildren &lt;every&gt; week</li>")
            .And.Contain("<div class=\"pictured\"><svg").And.Contain("aria-hidden=\"true\"").And.Contain("<p>£45.00 for swimming.</p>");
    }
}

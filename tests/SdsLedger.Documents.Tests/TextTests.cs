using System.Text;
using System.Text.RegularExpressions;
using NodaTime;

namespace SdsLedger.Documents.Tests;

public partial class TextTests
{
    private static DocumentBuilder Statement(DocumentStyle style) =>
        new DocumentBuilder(style)
            .Heading("Your budget statement")
            .Paragraph(SampleText.Explanation)
            .Subheading("Money in and out")
            .KeyValue("Opening balance on 1 April 2025", "£1,200.00", TextAlignment.Right)
            .KeyValue("Money received", "£3,450.00", TextAlignment.Right)
            .KeyValue("Money spent", "£2,875.40", TextAlignment.Right)
            .Spacer()
            .Table(SampleText.PaymentColumns, SampleText.Payments(12), ["", "Total", "£24,163.25"])
            .Heading("What the budget is for")
            .Paragraph(SampleText.Explanation + "\n" + SampleText.Explanation);

    [Theory]
    [InlineData(nameof(DocumentStyle.Standard), 14)]
    [InlineData(nameof(DocumentStyle.LargePrint), 18)]
    public void No_text_is_smaller_than_the_body_size_of_the_style(string styleName, double smallest)
    {
        var style = PageTests.StyleNamed(styleName);
        using var pdf = RenderedPdf.Of(Statement(style));

        style.BodySize.Should().BeGreaterThanOrEqualTo((float)smallest);
        pdf.Pages.SelectMany(p => p.Letters).Where(l => !string.IsNullOrWhiteSpace(l.Value))
            .Should().OnlyContain(l => l.PointSize >= smallest - 0.01);
    }

    [Theory]
    [MemberData(nameof(PageTests.Styles), MemberType = typeof(PageTests))]
    public void Headings_are_larger_than_body_text(string styleName)
    {
        var style = PageTests.StyleNamed(styleName);
        using var pdf = RenderedPdf.Of(Statement(style));
        var lines = RenderedPdf.Lines(pdf.Pages[0]);

        var heading = lines.Single(l => l.Text == "Your budget statement");
        var subheading = lines.Single(l => l.Text == "Money in and out");
        heading.Letters[0].PointSize.Should().BeGreaterThan(subheading.Letters[0].PointSize);
        subheading.Letters[0].PointSize.Should().BeGreaterThan(style.BodySize);
    }

    [Theory]
    [MemberData(nameof(PageTests.Styles), MemberType = typeof(PageTests))]
    public void No_line_is_longer_than_about_seventy_characters(string styleName)
    {
        using var pdf = RenderedPdf.Of(Statement(PageTests.StyleNamed(styleName)));

        var paragraphLines = pdf.Pages.SelectMany(RenderedPdf.Lines)
            .Where(l => l.Letters.Count > 30 && !l.Text.Contains(" | ", StringComparison.Ordinal))
            .ToList();
        paragraphLines.Should().HaveCountGreaterThan(5);
        paragraphLines.Should().OnlyContain(l => l.Text.Length <= 75, "long lines are hard to read");
    }

    [Theory]
    [MemberData(nameof(PageTests.Styles), MemberType = typeof(PageTests))]
    public void Text_stays_inside_the_margins(string styleName)
    {
        var longWord = string.Concat(Enumerable.Repeat("reference", 12));
        using var pdf = RenderedPdf.Of(Statement(PageTests.StyleNamed(styleName)).Paragraph("Your reference is " + longWord + "."));

        var letters = pdf.Pages.SelectMany(p => p.Letters).ToList();
        letters.Should().OnlyContain(l => l.StartBaseLine.X >= 55.5 && l.EndBaseLine.X <= 595 - 55.5);
        string.Concat(pdf.Pages[^1].Letters.Select(l => l.Value)).Should().Contain(longWord);
    }

    [Fact]
    public void Large_print_has_more_space_between_lines_than_its_size_alone_would_give()
    {
        var standard = LineGap(DocumentStyle.Standard);
        var large = LineGap(DocumentStyle.LargePrint);

        large.Should().BeGreaterThan(standard * 18 / 14 + 0.5);

        static double LineGap(DocumentStyle style)
        {
            using var pdf = RenderedPdf.Of(new DocumentBuilder(style).Paragraph(SampleText.Explanation));
            var body = RenderedPdf.Lines(pdf.Pages[0]).Where(l => l.Letters[0].PointSize == style.BodySize && l.Letters.Count > 30).ToList();
            return body[0].Baseline - body[1].Baseline;
        }
    }

    [Fact]
    public void Right_aligned_values_end_at_the_same_place()
    {
        using var pdf = RenderedPdf.Of(Statement(DocumentStyle.Standard));
        var lines = RenderedPdf.Lines(pdf.Pages[0]);

        string[] labels = ["Opening balance on 1 April 2025", "Money received", "Money spent"];
        var keyValueEnds = lines.Where(l => labels.Contains(l.Cells[0]))
            .Select(l => l.Letters[^1].EndBaseLine.X).ToList();
        keyValueEnds.Should().HaveCount(3);
        keyValueEnds.Should().OnlyContain(x => Math.Abs(x - keyValueEnds[0]) < 0.05);
    }

    [Fact]
    public void The_font_is_embedded_and_is_regular_or_bold_never_italic()
    {
        using var pdf = RenderedPdf.Of(Statement(DocumentStyle.Standard));

        Encoding.Latin1.GetString(pdf.Bytes).Should().Contain("/FontFile2");
        var fonts = pdf.Pages.SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        fonts.Should().OnlyContain(f => f.EndsWith("+AtkinsonHyperlegible-Regular", StringComparison.Ordinal)
                                        || f.EndsWith("+AtkinsonHyperlegible-Bold", StringComparison.Ordinal));
        fonts.Should().Contain(f => f.EndsWith("Bold", StringComparison.Ordinal)).And.Contain(f => f.EndsWith("Regular", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_outside_basic_Latin_are_printed_in_the_same_typeface()
    {
        const string names = "Łukasz Wróblewski-Öztürk, Ġorġ Ćosić and Zoë Ní Bhriain";
        using var pdf = RenderedPdf.Of(new DocumentBuilder(DocumentStyle.Standard).Paragraph(names));

        RenderedPdf.Lines(pdf.Pages[0]).Should().Contain(l => l.Text == names);
        pdf.Pages[0].Letters.Should().OnlyContain(l => l.FontName != null && l.FontName.Contains("AtkinsonHyperlegible", StringComparison.Ordinal));
    }

    [Fact]
    public void The_title_author_subject_and_creator_are_in_the_metadata()
    {
        using var pdf = RenderedPdf.Of(Statement(DocumentStyle.Standard));

        var information = pdf.Pdf.Information;
        information.Title.Should().Be(RenderedPdf.Info.Title);
        information.Author.Should().Be("The Highland Council");
        information.Subject.Should().Be(RenderedPdf.Info.Subject);
        information.Creator.Should().Be("SdsLedger");
    }

    [Fact]
    public void The_creation_time_is_in_the_metadata_when_given()
    {
        var info = RenderedPdf.Info with { Created = Instant.FromUtc(2025, 7, 1, 9, 30) };
        using var pdf = RenderedPdf.Of(Statement(DocumentStyle.Standard), info);

        pdf.Pdf.Information.GetCreatedDateTimeOffset().Should().Be(new DateTimeOffset(2025, 7, 1, 9, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void The_same_content_gives_the_same_bytes_apart_from_the_file_identifier()
    {
        var first = WithoutFileIdentifier(RenderedPdf.Write(Statement(DocumentStyle.Standard)));
        var second = WithoutFileIdentifier(RenderedPdf.Write(Statement(DocumentStyle.Standard)));

        second.Should().Be(first);

        // PDF/A gives every file its own identifier (in the XMP metadata and the trailer). Skia writes the trailer's as a
        // hex string or as a literal one, whichever is shorter for those random bytes.
        static string WithoutFileIdentifier(byte[] pdf) =>
            FileIdentifier().Replace(Encoding.Latin1.GetString(pdf), "id");
    }

    [GeneratedRegex(@"uuid:[0-9a-f-]{36}|/ID \[.*?\]>>\nstartxref", RegexOptions.Singleline)]
    private static partial Regex FileIdentifier();
}

using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace SdsLedger.Documents.Tests;

public partial class LayoutTests
{
    [Fact]
    public void The_language_is_in_the_catalog_and_every_cross_reference_still_points_at_its_object()
    {
        var bytes = RenderedPdf.Write(new DocumentBuilder(DocumentStyle.Standard).Heading("Your budget statement").Paragraph(SampleText.Explanation));

        using var pdf = PdfDocument.Open(bytes);
        pdf.Structure.Catalog.CatalogDictionary.TryGet(NameToken.Create("Lang"), out StringToken language).Should().BeTrue();
        language.Data.Should().Be("en-GB");

        var text = Encoding.Latin1.GetString(bytes);
        var xref = int.Parse(StartXref().Match(text).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        text.AsSpan(xref).StartsWith("xref\n").Should().BeTrue("startxref points at the cross-reference table");
        var entries = XrefEntry().Matches(text, xref).ToList();
        entries.Should().NotBeEmpty();
        for (var n = 1; n < entries.Count; n++)
        {
            var offset = int.Parse(entries[n].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            text.AsSpan(offset).StartsWith($"{n} 0 obj").Should().BeTrue($"entry {n} points at object {n}");
        }
    }

    [Fact]
    public void A_landscape_page_is_A4_on_its_side_and_tables_use_its_width()
    {
        using var pdf = RenderedPdf.Of(new DocumentBuilder(DocumentStyle.Standard, PageOrientation.Landscape)
            .Table(SampleText.PaymentColumns, SampleText.Payments(60)));

        pdf.Pages.Should().HaveCountGreaterThan(1);
        pdf.Pages.Should().OnlyContain(p => Math.Abs(p.Width - 842) < 1 && Math.Abs(p.Height - 595) < 1);
        pdf.Pages.SelectMany(p => p.Letters).Max(l => l.EndBaseLine.X).Should().BeGreaterThan(700, "amounts are right-aligned to the wider page");
        pdf.Pages[^1].Text.Should().Contain($"Page {pdf.Pages.Count} of {pdf.Pages.Count}");
    }

    [Theory]
    [MemberData(nameof(PageTests.Styles), MemberType = typeof(PageTests))]
    public void Fitted_columns_never_wrap_dates_or_amounts(string styleName)
    {
        var columns = new[] { TableColumn.Fitted("Date"), new TableColumn("Paid to"), new TableColumn("What it was for"), TableColumn.Amount("Amount") };
        var rows = Enumerable.Range(1, 12).Select(i => TableRow.Of("30 September", "Kirkton Community Transport Scheme",
            "Travel to the day centre and back, twice a week", "£12,345.67"));
        using var pdf = RenderedPdf.Of(new DocumentBuilder(PageTests.StyleNamed(styleName)).Table(columns, rows, ["", "", "Total", "£148,148.04"]));

        var lines = pdf.Pages.SelectMany(RenderedPdf.Lines).ToList();
        lines.Count(l => l.Cells[0] == "30 September").Should().Be(12);
        lines.Count(l => l.Cells[^1] == "£12,345.67").Should().Be(12);
        lines.Should().Contain(l => l.Cells.Last() == "£148,148.04");
    }

    [Fact]
    public void A_group_heading_row_is_never_left_at_the_foot_of_a_page()
    {
        var rows = new List<TableRow>();
        for (var g = 1; g <= 12; g++)
        {
            rows.Add(TableRow.Group($"Category {g}"));
            rows.AddRange(Enumerable.Range(1, 3 + g % 4).Select(i => TableRow.Of($"{i} May", $"Item {g}.{i}", "£1.00")));
            rows.Add(TableRow.Subtotal("", $"Total for category {g}", "£3.00"));
        }
        using var pdf = RenderedPdf.Of(new DocumentBuilder(DocumentStyle.LargePrint).Table(SampleText.PaymentColumns, rows));

        pdf.Pages.Should().HaveCountGreaterThan(2);
        foreach (var page in pdf.Pages)
        {
            var lines = RenderedPdf.Lines(page).Select(l => l.Text).ToList();
            var lastRow = lines.FindLastIndex(l => l.Contains("£", StringComparison.Ordinal) || l.StartsWith("Category", StringComparison.Ordinal));
            lines[lastRow].Should().NotStartWith("Category", $"page {page.Number} does not end with a group heading");
            lines.Should().Contain(l => l.StartsWith("Date", StringComparison.Ordinal), "the header row is repeated");
        }
    }

    [Fact]
    public void A_short_paragraph_stays_with_the_table_it_introduces()
    {
        for (var before = 22; before <= 34; before++)
        {
            var document = new DocumentBuilder(DocumentStyle.Standard);
            for (var i = 1; i <= before; i++)
                document.Paragraph($"Line {i}.");
            document.Paragraph("Everything bought in the period.").Table(SampleText.PaymentColumns, SampleText.Payments(4));
            using var pdf = RenderedPdf.Of(document);

            var page = pdf.Pages.Single(p => p.Text.Contains("Everything bought", StringComparison.Ordinal));
            page.Text.Should().Contain("Payment 2 to", $"with {before} paragraphs before it");
        }
    }

    [GeneratedRegex(@"startxref\s+(\d+)\s+%%EOF\s*$")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"(\d{10}) \d{5} [nf] \n")]
    private static partial Regex XrefEntry();
}

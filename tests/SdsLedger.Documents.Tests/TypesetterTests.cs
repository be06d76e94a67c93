using SdsLedger.Documents.Layout;
using System.Buffers.Binary;
using SkiaSharp;
using UglyToad.PdfPig.Graphics.Operations.TextPositioning;
using UglyToad.PdfPig.Graphics.Operations.TextShowing;

namespace SdsLedger.Documents.Tests;

public class TypesetterTests
{
    // Plain text, money, Gaelic and Welsh accents, a character only the extended font has, and one neither has.
    [Theory]
    [InlineData("Opening balance on 1 April 2025")]
    [InlineData("£24,163.25 − £2,875.40")]
    [InlineData("Mòrag NicDhòmhnaill, Eilean Siar")]
    [InlineData("Siân Wyn Llŷr, Ynys Môn")]
    [InlineData("Ŵ Ŷ ŵ ŷ and ☃ in one line")]
    public void Widths_are_the_fonts_advances_in_font_units_scaled_to_the_size(string text)
    {
        using var type = new Typesetter();
        foreach (var weight in new[] { Weight.Regular, Weight.Bold })
        foreach (var size in new[] { 14f, 18f, 26f })
        {
            var (main, extended) = EmbeddedFonts.For(weight);
            var expected = 0f;
            foreach (var (run, typeface) in Runs(text, main, extended))
            {
                // Read from the font's own tables, not through Skia's metrics.
                var advances = HorizontalAdvances(typeface);
                var scale = size / typeface.UnitsPerEm;
                using var font = new SKFont(typeface, size);
                var width = 0f;
                foreach (var glyph in font.GetGlyphs(run))
                    width += scale * advances[Math.Min(glyph, advances.Length - 1)];
                expected += width;
            }

            // Twice: the second from what the first learnt.
            type.Measure(text, weight, size).Should().Be(expected, $"{weight} {size} pt");
            type.Measure(text, weight, size).Should().Be(expected, $"{weight} {size} pt, again");
        }
    }

    [Fact]
    public void Each_line_is_written_as_one_string_of_glyphs_ending_where_it_was_measured_to()
    {
        const string names = "Łukasz Wróblewski-Öztürk and Zoë Ní Bhriain";
        var document = new DocumentBuilder(DocumentStyle.Standard).Paragraph(SampleText.Explanation).Paragraph(names);
        using var pdf = RenderedPdf.Of(document);
        var page = pdf.Pages[0];

        // Skia moves to a glyph (Td) only where it is not where the advances before it put it.
        page.Operations.OfType<MoveToNextLineWithOffset>().Should().BeEmpty();
        page.Operations.OfType<ShowText>().Should().HaveCountLessThan(page.Letters.Count / 10);

        using var type = new Typesetter();
        var line = RenderedPdf.Lines(page).Single(l => l.Text == names);
        var printed = line.Letters[^1].EndBaseLine.X - line.Letters[0].StartBaseLine.X;
        printed.Should().BeApproximately(type.Measure(names, Weight.Regular, DocumentStyle.Standard.BodySize), 0.01);
    }

    /// <summary>Each glyph's advance in font units, from the hhea and hmtx tables.</summary>
    private static ushort[] HorizontalAdvances(SKTypeface typeface)
    {
        var hhea = typeface.GetTableData(SKFontTableTag("hhea"));
        var hmtx = typeface.GetTableData(SKFontTableTag("hmtx"));
        var metrics = BinaryPrimitives.ReadUInt16BigEndian(hhea.AsSpan(34));
        return Enumerable.Range(0, metrics).Select(i => BinaryPrimitives.ReadUInt16BigEndian(hmtx.AsSpan(4 * i))).ToArray();
    }

    private static uint SKFontTableTag(string tag) => (uint)(tag[0] << 24 | tag[1] << 16 | tag[2] << 8 | tag[3]);

    [Fact]
    public void Wrapping_keeps_every_line_within_the_width_and_every_word()
    {
        using var type = new Typesetter();
        var lines = type.Wrap(SampleText.Explanation, Weight.Regular, 14, 300);

        lines.Should().HaveCountGreaterThan(2);
        lines.Should().OnlyContain(l => type.Measure(l, Weight.Regular, 14) <= 300);
        string.Join(" ", lines).Should().Be(string.Join(" ", SampleText.Explanation.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static IEnumerable<(string Run, SKTypeface Typeface)> Runs(string text, SKTypeface main, SKTypeface extended)
    {
        using var mainFont = new SKFont(main);
        using var extendedFont = new SKFont(extended);
        var run = "";
        SKTypeface? current = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var typeface = mainFont.ContainsGlyph(rune.Value) || !extendedFont.ContainsGlyph(rune.Value) ? main : extended;
            if (current is not null && typeface != current)
            {
                yield return (run, current);
                run = "";
            }
            current = typeface;
            run += rune.ToString();
        }
        if (current is not null)
            yield return (run, current);
    }
}

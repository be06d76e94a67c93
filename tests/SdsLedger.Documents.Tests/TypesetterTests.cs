using SdsLedger.Documents.Layout;
using SkiaSharp;

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
    public void Widths_are_what_Skia_measures_run_by_run(string text)
    {
        using var type = new Typesetter();
        foreach (var weight in new[] { Weight.Regular, Weight.Bold })
        foreach (var size in new[] { 14f, 18f, 26f })
        {
            var (main, extended) = EmbeddedFonts.For(weight);
            using var mainFont = new SKFont(main, size) { Hinting = SKFontHinting.None, LinearMetrics = true, Subpixel = true };
            using var extendedFont = new SKFont(extended, size) { Hinting = SKFontHinting.None, LinearMetrics = true, Subpixel = true };
            var expected = 0f;
            foreach (var (run, font) in Runs(text, mainFont, extendedFont))
                expected += font.MeasureText(run);

            // Twice: the second from what the first learnt.
            type.Measure(text, weight, size).Should().Be(expected, $"{weight} {size} pt");
            type.Measure(text, weight, size).Should().Be(expected, $"{weight} {size} pt, again");
        }
    }

    [Fact]
    public void Wrapping_keeps_every_line_within_the_width_and_every_word()
    {
        using var type = new Typesetter();
        var lines = type.Wrap(SampleText.Explanation, Weight.Regular, 14, 300);

        lines.Should().HaveCountGreaterThan(2);
        lines.Should().OnlyContain(l => type.Measure(l, Weight.Regular, 14) <= 300);
        string.Join(" ", lines).Should().Be(string.Join(" ", SampleText.Explanation.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
    }

    private static IEnumerable<(string Run, SKFont Font)> Runs(string text, SKFont main, SKFont extended)
    {
        var run = "";
        SKFont? current = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var font = main.ContainsGlyph(rune.Value) || !extended.ContainsGlyph(rune.Value) ? main : extended;
            if (current is not null && font != current)
            {
                yield return (run, current);
                run = "";
            }
            current = font;
            run += rune.ToString();
        }
        if (current is not null)
            yield return (run, current);
    }
}

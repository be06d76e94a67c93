using System.Text;
using SkiaSharp;

namespace SdsLedger.Documents.Layout;

/// <summary>Measures, wraps and draws text in the embedded fonts; owns the Skia fonts it creates.</summary>
internal sealed class Typesetter : IDisposable
{
    private readonly Dictionary<(Weight, float), (SKFont Main, SKFont Extended)> fonts = [];
    private readonly SKPaint ink = new() { Color = SKColors.Black, IsAntialias = true };

    public float Measure(string text, Weight weight, float size)
    {
        var width = 0f;
        foreach (var (run, font) in Runs(text, weight, size))
            width += font.MeasureText(run);
        return width;
    }

    public void Draw(SKCanvas canvas, string text, float x, float baseline, Weight weight, float size)
    {
        foreach (var (run, font) in Runs(text, weight, size))
        {
            canvas.DrawText(run, x, baseline, font, ink);
            x += font.MeasureText(run);
        }
    }

    /// <summary>Distance from the top of a line box to the baseline, with the glyphs centred in the box.</summary>
    public float BaselineOffset(Weight weight, float size, float lineHeight)
    {
        var metrics = Fonts(weight, size).Main.Metrics;
        var glyphHeight = metrics.Descent - metrics.Ascent;
        return (lineHeight - glyphHeight) / 2 - metrics.Ascent;
    }

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>, at spaces where it can; a newline always breaks.</summary>
    public IReadOnlyList<string> Wrap(string text, Weight weight, float size, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Measure(candidate, weight, size) <= width)
                {
                    line.Clear().Append(candidate);
                    continue;
                }
                if (line.Length > 0)
                    lines.Add(line.ToString());
                line.Clear();
                foreach (var piece in SplitLongWord(word, weight, size, width))
                {
                    if (line.Length > 0)
                        lines.Add(line.ToString());
                    line.Clear().Append(piece);
                }
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    public void Dispose()
    {
        foreach (var (main, extended) in fonts.Values)
        {
            main.Dispose();
            extended.Dispose();
        }
        fonts.Clear();
        ink.Dispose();
    }

    // A word wider than the line (a long reference, an email address) is cut where it must be.
    private IEnumerable<string> SplitLongWord(string word, Weight weight, float size, float width)
    {
        var start = 0;
        while (start < word.Length)
        {
            var length = 1;
            while (start + length < word.Length && Measure(word.Substring(start, length + 1), weight, size) <= width)
                length++;
            if (char.IsHighSurrogate(word[start + length - 1]) && start + length < word.Length)
                length++;
            yield return word.Substring(start, length);
            start += length;
        }
    }

    private IEnumerable<(string Run, SKFont Font)> Runs(string text, Weight weight, float size)
    {
        var (main, extended) = Fonts(weight, size);
        var run = new StringBuilder();
        SKFont? runFont = null;
        foreach (var rune in text.EnumerateRunes())
        {
            var font = main.ContainsGlyph(rune.Value) || !extended.ContainsGlyph(rune.Value) ? main : extended;
            if (runFont is not null && font != runFont)
            {
                yield return (run.ToString(), runFont);
                run.Clear();
            }
            runFont = font;
            run.Append(rune.ToString());
        }
        if (runFont is not null)
            yield return (run.ToString(), runFont);
    }

    private (SKFont Main, SKFont Extended) Fonts(Weight weight, float size)
    {
        if (!fonts.TryGetValue((weight, size), out var pair))
        {
            var (main, extended) = EmbeddedFonts.For(weight);
            pair = (Create(main, size), Create(extended, size));
            fonts[(weight, size)] = pair;
        }
        return pair;
    }

    // Unhinted, linear metrics: what is measured here is exactly what the PDF advances by.
    private static SKFont Create(SKTypeface typeface, float size) => new(typeface, size)
    {
        Hinting = SKFontHinting.None,
        LinearMetrics = true,
        Subpixel = true,
    };
}

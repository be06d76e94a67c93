using System.Text;
using SkiaSharp;

namespace SdsLedger.Documents.Layout;

/// <summary>Measures, wraps and draws text in the embedded fonts; owns the Skia fonts it creates.</summary>
/// <remarks>
/// Each character's font (the main one, or the extended one for what the main one lacks) and advance are looked up in
/// Skia once per font and size and then kept, and a line being wrapped is measured on word by word: asking Skia for
/// every candidate line spent a fifth of a statement run finding glyphs. A run of characters in one font measures as
/// the sum of its advances in order, which is what SKFont.MeasureText adds up, so the widths are Skia's to the last bit.
/// </remarks>
internal sealed class Typesetter : IDisposable
{
    private readonly Dictionary<(Weight, float), Face> faces = [];
    private readonly SKPaint ink = new() { Color = SKColors.Black, IsAntialias = true };

    public float Measure(string text, Weight weight, float size)
    {
        var width = new Width(FaceFor(weight, size));
        width.Add(text);
        return width.Value;
    }

    public void Draw(SKCanvas canvas, string text, float x, float baseline, Weight weight, float size)
    {
        foreach (var (run, font, runWidth) in Runs(text, weight, size))
        {
            canvas.DrawText(run, x, baseline, SKTextAlign.Left, font, ink);
            x += runWidth;
        }
    }

    /// <summary>Distance from the top of a line box to the baseline, with the glyphs centred in the box.</summary>
    public float BaselineOffset(Weight weight, float size, float lineHeight)
    {
        var metrics = FaceFor(weight, size).Main.Metrics;
        var glyphHeight = metrics.Descent - metrics.Ascent;
        return (lineHeight - glyphHeight) / 2 - metrics.Ascent;
    }

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>, at spaces where it can; a newline always breaks.</summary>
    public IReadOnlyList<string> Wrap(string text, Weight weight, float size, float width)
    {
        var face = FaceFor(weight, size);
        var lines = new List<string>();
        foreach (var paragraph in text.Split('\n'))
        {
            var line = new StringBuilder();
            var lineWidth = new Width(face);
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // The line with the word, measured on from the line so far: the same sum as measuring it afresh.
                var candidate = lineWidth;
                if (line.Length > 0)
                    candidate.Add(" ");
                candidate.Add(word);
                if (candidate.Value <= width)
                {
                    if (line.Length > 0)
                        line.Append(' ');
                    line.Append(word);
                    lineWidth = candidate;
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
                lineWidth = new Width(face);
                lineWidth.Add(line.ToString());
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    public void Dispose()
    {
        foreach (var face in faces.Values)
            face.Dispose();
        faces.Clear();
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

    // The text cut where it changes font, each piece with its font and width.
    private IEnumerable<(string Run, SKFont Font, float Width)> Runs(string text, Weight weight, float size)
    {
        var face = FaceFor(weight, size);
        var run = new StringBuilder();
        SKFont? runFont = null;
        var runWidth = 0f;
        foreach (var rune in text.EnumerateRunes())
        {
            var (font, advance) = face.Glyph(rune);
            if (runFont is not null && font != runFont)
            {
                yield return (run.ToString(), runFont, runWidth);
                run.Clear();
                runWidth = 0f;
            }
            runFont = font;
            run.Append(rune.ToString());
            runWidth += advance;
        }
        if (runFont is not null)
            yield return (run.ToString(), runFont, runWidth);
    }

    private Face FaceFor(Weight weight, float size)
    {
        if (!faces.TryGetValue((weight, size), out var face))
        {
            var (main, extended) = EmbeddedFonts.For(weight);
            face = new Face(Create(main, size), Create(extended, size));
            faces[(weight, size)] = face;
        }
        return face;
    }

    // Unhinted, linear metrics: what is measured here is exactly what the PDF advances by.
    private static SKFont Create(SKTypeface typeface, float size) => new(typeface, size)
    {
        Hinting = SKFontHinting.None,
        LinearMetrics = true,
        Subpixel = true,
    };

    /// <summary>
    /// A width measured as text is added to it, exactly as Skia measures it run by run: the advances of each run of one
    /// font summed in order, and the runs' widths summed in order.
    /// </summary>
    private struct Width(Face face)
    {
        private float runs;
        private float run;
        private SKFont? font;

        public readonly float Value => runs + run;

        public void Add(string text)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                var (glyphFont, advance) = face.Glyph(rune);
                if (font is not null && glyphFont != font)
                {
                    runs += run;
                    run = 0f;
                }
                font = glyphFont;
                run += advance;
            }
        }
    }

    /// <summary>The two fonts at one weight and size, and what each character has been found to need.</summary>
    private sealed class Face(SKFont main, SKFont extended) : IDisposable
    {
        // Latin letters, digits and punctuation (nearly every character printed) by index, the rest by look-up.
        private const int Direct = 0x250;
        private readonly (SKFont? Font, float Advance)[] latin = new (SKFont?, float)[Direct];
        private readonly Dictionary<int, (SKFont Font, float Advance)> others = [];

        public SKFont Main => main;

        public (SKFont Font, float Advance) Glyph(Rune rune)
        {
            if (rune.Value < Direct)
            {
                var (font, advance) = latin[rune.Value];
                if (font is null)
                {
                    (font, advance) = Find(rune);
                    latin[rune.Value] = (font, advance);
                }
                return (font, advance);
            }
            if (!others.TryGetValue(rune.Value, out var glyph))
            {
                glyph = Find(rune);
                others[rune.Value] = glyph;
            }
            return glyph;
        }

        private (SKFont Font, float Advance) Find(Rune rune)
        {
            var font = main.ContainsGlyph(rune.Value) || !extended.ContainsGlyph(rune.Value) ? main : extended;
            return (font, font.MeasureText(rune.ToString()));
        }

        public void Dispose()
        {
            main.Dispose();
            extended.Dispose();
        }
    }
}

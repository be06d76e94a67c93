using System.Collections.Concurrent;
using System.Text;
using SkiaSharp;

namespace SdsLedger.Documents.Layout;

/// <summary>Measures, wraps and draws text in the embedded fonts; owns the Skia fonts it creates.</summary>
/// <remarks>
/// <para>
/// Each character's font (the main one, or the extended one for what the main one lacks), glyph and advance are looked
/// up in Skia once per font and size and then kept, and a line being wrapped is measured on word by word: asking Skia
/// for every candidate line spent a fifth of a statement run finding glyphs.
/// </para>
/// <para>
/// A character's advance is its advance in font units times the size over the units per em, in single precision, and
/// text is drawn with its glyphs placed at those advances summed in order. That is exactly where Skia's PDF writer
/// expects each glyph after the one before, so a line is written as one string of glyphs; with Skia's own positions
/// (which differ in the last bits) it moved to every glyph separately, which made the pages' text three times longer
/// and more to compress, zlib being the largest part of a statement run.
/// </para>
/// </remarks>
internal sealed class Typesetter : IDisposable
{
    private readonly Dictionary<(Weight, float), Face> faces = [];
    private readonly SKPaint ink = new() { Color = SKColors.Black, IsAntialias = true };
    private readonly SKTextBlobBuilder blobs = new();
    private ushort[] glyphs = new ushort[64];
    private float[] positions = new float[64];

    public float Measure(string text, Weight weight, float size)
    {
        var width = new Width(FaceFor(weight, size));
        width.Add(text);
        return width.Value;
    }

    public void Draw(SKCanvas canvas, string text, float x, float baseline, Weight weight, float size)
    {
        var face = FaceFor(weight, size);
        SKFont? runFont = null;
        var count = 0;
        var runWidth = 0f;
        foreach (var rune in text.EnumerateRunes())
        {
            var glyph = face.Glyph(rune);
            if (runFont is not null && glyph.Font != runFont)
            {
                DrawRun(canvas, runFont, count, x, baseline);
                x += runWidth;
                count = 0;
                runWidth = 0f;
            }
            runFont = glyph.Font;
            if (count == glyphs.Length)
            {
                Array.Resize(ref glyphs, count * 2);
                Array.Resize(ref positions, count * 2);
            }
            glyphs[count] = glyph.Id;
            positions[count] = runWidth;
            count++;
            runWidth += glyph.Advance;
        }
        if (runFont is not null)
            DrawRun(canvas, runFont, count, x, baseline);
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
        blobs.Dispose();
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

    // One font's glyphs as a text blob whose origin is the run's start, each at the sum of the advances before it.
    private void DrawRun(SKCanvas canvas, SKFont font, int count, float x, float baseline)
    {
        blobs.AddHorizontalRun(glyphs.AsSpan(0, count), font, positions.AsSpan(0, count), 0f);
        using var blob = blobs.Build();
        if (blob is not null)
            canvas.DrawText(blob, x, baseline, ink);
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
    /// A width measured as text is added to it, exactly as it is drawn: the advances of each run of one font summed in
    /// order, and the runs' widths summed in order.
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
                var glyph = face.Glyph(rune);
                if (font is not null && glyph.Font != font)
                {
                    runs += run;
                    run = 0f;
                }
                font = glyph.Font;
                run += glyph.Advance;
            }
        }
    }

    /// <summary>A character's font, glyph and advance at one weight and size.</summary>
    private readonly record struct Glyph(SKFont Font, ushort Id, float Advance);

    /// <summary>The two fonts at one weight and size, and what each character has been found to need.</summary>
    private sealed class Face(SKFont main, SKFont extended) : IDisposable
    {
        // Latin letters, digits and punctuation (nearly every character printed) by index, the rest by look-up.
        private const int Direct = 0x250;
        private readonly Glyph[] latin = new Glyph[Direct];
        private readonly Dictionary<int, Glyph> others = [];

        public SKFont Main => main;

        public Glyph Glyph(Rune rune)
        {
            if (rune.Value < Direct)
            {
                var glyph = latin[rune.Value];
                if (glyph.Font is null)
                    latin[rune.Value] = glyph = Find(rune);
                return glyph;
            }
            if (!others.TryGetValue(rune.Value, out var other))
                others[rune.Value] = other = Find(rune);
            return other;
        }

        // The advance as Skia's PDF writer works it out: the glyph's advance in font units, times size over units per em.
        private Glyph Find(Rune rune)
        {
            var font = main.ContainsGlyph(rune.Value) || !extended.ContainsGlyph(rune.Value) ? main : extended;
            var id = font.GetGlyph(rune.Value);
            var scale = font.Size / font.Typeface.UnitsPerEm;
            return new Glyph(font, id, scale * FontUnits.Advance(font.Typeface, id));
        }

        public void Dispose()
        {
            main.Dispose();
            extended.Dispose();
        }
    }

    /// <summary>Glyph advances in font units, read once per typeface from Skia at one em (where they are whole units).</summary>
    private static class FontUnits
    {
        private static readonly ConcurrentDictionary<SKTypeface, float[]> Advances = new();

        public static float Advance(SKTypeface typeface, ushort glyph)
        {
            var advances = Advances.GetOrAdd(typeface, Read);
            return glyph < advances.Length ? advances[glyph] : 0f;
        }

        private static float[] Read(SKTypeface typeface)
        {
            using var font = new SKFont(typeface, typeface.UnitsPerEm) { Hinting = SKFontHinting.None, Edging = SKFontEdging.Alias };
            var ids = Enumerable.Range(0, typeface.GlyphCount).Select(i => (ushort)i).ToArray();
            return font.GetGlyphWidths(ids).Select(w => MathF.Round(w)).ToArray();
        }
    }
}

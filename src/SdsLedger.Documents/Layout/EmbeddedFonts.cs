using SkiaSharp;

namespace SdsLedger.Documents.Layout;

internal enum Weight
{
    Regular,
    Bold,
}

/// <summary>The shipped typefaces, loaded once per process from the assembly's resources.</summary>
internal static class EmbeddedFonts
{
    private static readonly Lazy<SKTypeface> RegularLatin = new(() => Load("AtkinsonHyperlegible-Regular.ttf"));
    private static readonly Lazy<SKTypeface> RegularLatinExt = new(() => Load("AtkinsonHyperlegible-Regular-LatinExt.ttf"));
    private static readonly Lazy<SKTypeface> BoldLatin = new(() => Load("AtkinsonHyperlegible-Bold.ttf"));
    private static readonly Lazy<SKTypeface> BoldLatinExt = new(() => Load("AtkinsonHyperlegible-Bold-LatinExt.ttf"));

    /// <summary>The main typeface of a weight, then the one for characters it lacks (the font ships as two subsets).</summary>
    internal static (SKTypeface Main, SKTypeface Extended) For(Weight weight) => weight == Weight.Bold
        ? (BoldLatin.Value, BoldLatinExt.Value)
        : (RegularLatin.Value, RegularLatinExt.Value);

    private static SKTypeface Load(string fileName)
    {
        var name = "SdsLedger.Documents.Fonts." + fileName;
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font resource {name} is missing from the assembly.");
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"The font resource {name} is not a font Skia can read.");
    }
}

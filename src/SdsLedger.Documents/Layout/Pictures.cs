using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using SkiaSharp;
using Svg.Skia;

namespace SdsLedger.Documents.Layout;

/// <summary>
/// The shipped pictures (Tabler Icons, see Pictures/README.md), each read once per process: as a Skia picture to draw
/// into a PDF page, and as SVG text to put inline in HTML.
/// </summary>
internal static partial class Pictures
{
    // The SKSvg owns the picture it loads, so it is kept for as long as the process draws with it.
    private static readonly ConcurrentDictionary<Picture, SKSvg> Drawings = new();
    private static readonly ConcurrentDictionary<Picture, string> Markup = new();

    /// <summary>Draws the picture into a square of side <paramref name="size"/> whose top left corner is at (x, y).</summary>
    public static void Draw(SKCanvas canvas, Picture picture, float x, float y, float size)
    {
        var drawing = Drawings.GetOrAdd(picture, Load).Picture!;
        var scale = size / Math.Max(drawing.CullRect.Width, drawing.CullRect.Height);
        var placed = SKMatrix.CreateScaleTranslation(scale, scale, x - drawing.CullRect.Left * scale, y - drawing.CullRect.Top * scale);
        canvas.DrawPicture(drawing, in placed);
    }

    /// <summary>The picture as an inline &lt;svg&gt; element, hidden from screen readers (the text beside it says everything).</summary>
    public static string Svg(Picture picture) => Markup.GetOrAdd(picture, p =>
    {
        var svg = XmlComment().Replace(Text(p), "").Trim();
        return SvgClass().Replace(svg, "aria-hidden=\"true\" focusable=\"false\"", 1);
    });

    private static SKSvg Load(Picture picture)
    {
        var svg = new SKSvg();
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Text(picture)));
        if (svg.Load(stream) is null)
            throw new InvalidOperationException($"The picture {FileName(picture)} is not an SVG that Svg.Skia can draw.");
        return svg;
    }

    private static string Text(Picture picture)
    {
        var name = "SdsLedger.Documents.Pictures." + FileName(picture);
        using var stream = typeof(Pictures).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The picture resource {name} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string FileName(Picture picture) => picture switch
    {
        Picture.Person => "user.svg",
        Picture.Money => "pig-money.svg",
        Picture.MoneyIn => "cash-banknote-plus.svg",
        Picture.Bought => "shopping-cart.svg",
        Picture.SetAside => "lock.svg",
        Picture.PaidBack => "cash-banknote-move-back.svg",
        Picture.StillToCome => "calendar-clock.svg",
        Picture.Outcomes => "target.svg",
        _ => "phone.svg",
    };

    [GeneratedRegex("<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex XmlComment();

    // Tabler's files carry a class naming the icon set; in a statement the element only needs to be hidden from screen readers.
    [GeneratedRegex("class=\"[^\"]*\"")]
    private static partial Regex SvgClass();
}

using SkiaSharp;

namespace SdsLedger.Documents.Layout;

/// <summary>Something placed on a page by the layout pass, drawn in the second pass.</summary>
internal abstract record PageItem
{
    public abstract void Draw(SKCanvas canvas, Typesetter type);
}

internal sealed record TextItem(string Text, float X, float Baseline, Weight Weight, float Size) : PageItem
{
    public override void Draw(SKCanvas canvas, Typesetter type) => type.Draw(canvas, Text, X, Baseline, Weight, Size);
}

internal sealed record LineItem(SKPoint From, SKPoint To, float Thickness, SKColor Colour) : PageItem
{
    public override void Draw(SKCanvas canvas, Typesetter type)
    {
        using var paint = new SKPaint { Color = Colour, StrokeWidth = Thickness, Style = SKPaintStyle.Stroke };
        canvas.DrawLine(From, To, paint);
    }
}

internal sealed record ShadeItem(SKRect Area, SKColor Colour) : PageItem
{
    public override void Draw(SKCanvas canvas, Typesetter type)
    {
        using var paint = new SKPaint { Color = Colour, Style = SKPaintStyle.Fill };
        canvas.DrawRect(Area, paint);
    }
}

internal sealed record BarItem(SKRect Bar, SKColor Colour) : PageItem
{
    public override void Draw(SKCanvas canvas, Typesetter type)
    {
        using var fill = new SKPaint { Color = Colour, Style = SKPaintStyle.Fill, IsAntialias = true };
        canvas.DrawRect(Bar, fill);
    }
}

internal sealed record PictureItem(Picture Picture, float X, float Y, float Size) : PageItem
{
    public override void Draw(SKCanvas canvas, Typesetter type) => Pictures.Draw(canvas, Picture, X, Y, Size);
}

internal static class Colours
{
    public static readonly SKColor Rule = new(0x40, 0x40, 0x40);
    public static readonly SKColor HeaderShade = new(0xDD, 0xE3, 0xEA);
    public static readonly SKColor RowShade = new(0xF1, 0xF1, 0xF1);
    public static readonly SKColor Bar = new(0x1F, 0x4E, 0x79);
}

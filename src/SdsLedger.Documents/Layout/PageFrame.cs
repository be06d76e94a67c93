namespace SdsLedger.Documents.Layout;

/// <summary>Where things go on every page of one document: margins, the running header and footer, the body area.</summary>
internal sealed class PageFrame
{
    private const float A4Short = 595;
    private const float A4Long = 842;

    public const float SideMargin = 56;
    public const float TopMargin = 44;
    public const float BottomMargin = 40;

    // Lines longer than this are hard to follow back to their start; large print narrows the column instead.
    private const int MostCharactersPerLine = 66;

    // Ordinary statement English, to measure how wide an average character is.
    private const string SampleText =
        "Your budget pays for the support you chose with your social worker. This statement shows the money received, " +
        "what was bought, and what is left at the end of the period, £1,250.00 in all.";

    public PageFrame(DocumentStyle style, Typesetter type, string title, PageOrientation orientation)
    {
        Style = style;
        (Width, Height) = orientation == PageOrientation.Landscape ? (A4Long, A4Short) : (A4Short, A4Long);
        var averageCharacter = type.Measure(SampleText, Weight.Regular, style.BodySize) / SampleText.Length;
        TextWidth = Math.Min(ContentWidth, MostCharactersPerLine * averageCharacter);
        HeaderLines = type.Wrap(title, Weight.Bold, style.BodySize, ContentWidth);
        HeaderRuleY = TopMargin + HeaderLines.Count * style.BodyLine + style.BodySize * 0.3f;
        BodyTop = HeaderRuleY + style.BodyLine * 0.8f;
        FooterLineTop = Height - BottomMargin - style.BodyLine;
        FooterRuleY = FooterLineTop - style.BodySize * 0.3f;
        BodyBottom = FooterRuleY - style.BodyLine * 0.5f;
    }

    public DocumentStyle Style { get; }

    /// <summary>Page size in points: A4, 595 by 842, turned on its side for landscape.</summary>
    public float Width { get; }
    public float Height { get; }

    public static float Left => SideMargin;
    public float Right => Width - SideMargin;
    public float ContentWidth => Right - Left;

    /// <summary>Width of running text, at most about <see cref="MostCharactersPerLine"/> characters.</summary>
    public float TextWidth { get; }

    public IReadOnlyList<string> HeaderLines { get; }
    public float HeaderRuleY { get; }
    public float BodyTop { get; }
    public float BodyBottom { get; }
    public float FooterRuleY { get; }
    public float FooterLineTop { get; }
}
